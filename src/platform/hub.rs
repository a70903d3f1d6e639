//! HTTP clients for the platform's hub GETs and for forwarding notifications: rustls with the
//! ring provider, keep-alive, a per-request timeout, pollctl's user agent.

use std::time::Duration;

fn builder(timeout: Duration) -> reqwest::ClientBuilder {
    super::install_crypto_provider();
    reqwest::Client::builder()
        .user_agent(concat!("pollctl/", env!("CARGO_PKG_VERSION")))
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .pool_idle_timeout(Duration::from_secs(90))
        .tcp_nodelay(true)
}

/// The client for hub GETs (follows at most 5 redirects).
pub fn hub_client(timeout: Duration) -> Result<reqwest::Client, reqwest::Error> {
    builder(timeout)
        .redirect(reqwest::redirect::Policy::limited(5))
        .build()
}

/// The client for forwarding: redirects are never followed (a 3xx is a failed delivery).
pub fn forward_client(timeout: Duration) -> Result<reqwest::Client, reqwest::Error> {
    builder(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
}
