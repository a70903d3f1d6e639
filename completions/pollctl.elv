
use builtin;
use str;

set edit:completion:arg-completer[pollctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'pollctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'pollctl'= {
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand connectors 'The built-in connector catalog'
            cand instance 'Build, validate and describe instance JSON; the local registry of provisioned instances'
            cand oauth 'The OAuth 2.0 authorization-code flow, through the platform or directly with the provider'
            cand poll 'Run the poller: fetch changed records and emit or forward normalized events'
            cand date 'Evaluate a Java SimpleDateFormat pattern the way the poller does'
            cand sandbox 'Serve a local stand-in for the platform and the four connectors (loopback only)'
            cand demo 'The whole mission end to end on the sandbox, on loopback, in one command'
            cand set-aside 'Records the poller could not classify (unparseable dates): list them, re-offer them'
            cand state 'Poll state: migrate the PostgreSQL schema; export and import (JSON Lines) between backends'
            cand completions 'Print shell completions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pollctl;connectors'= {
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List the known connectors'
            cand show 'Show one connector: configuration keys, events, default poller configuration, OAuth endpoints'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pollctl;connectors;list'= {
            cand --format 'format'
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pollctl;connectors;show'= {
            cand --format 'format'
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pollctl;connectors;help'= {
            cand list 'List the known connectors'
            cand show 'Show one connector: configuration keys, events, default poller configuration, OAuth endpoints'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pollctl;connectors;help;list'= {
        }
        &'pollctl;connectors;help;show'= {
        }
        &'pollctl;connectors;help;help'= {
        }
        &'pollctl;instance'= {
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand create 'Build an instance JSON from flags (prompting on a terminal for what is missing)'
            cand validate 'Check an instance JSON and report every problem with its JSON Pointer and line:column'
            cand schema 'Print the JSON Schema (draft 2020-12) of the instance body'
            cand migrate 'Print the instance with its legacy `event.poller.urls` converted to the JSON `event.poller.configuration` (the file is not changed)'
            cand list 'List the provisioned instances in the local registry'
            cand show 'Show one provisioned instance (the token is redacted unless --reveal)'
            cand delete 'Remove a provisioned instance from the local registry (and the platform with --remote)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pollctl;instance;create'= {
            cand --connector 'Connector key (see `pollctl connectors list`): docushareflex, egnyte, sharefile, googlesuite. Asked on a terminal when absent'
            cand --name 'Instance name'
            cand --tag 'Tag (repeatable)'
            cand --set 'Configuration value, e.g. `--set subdomain=acme` (repeatable; booleans and numbers typed where the platform expects them). Secrets are refused here: use the *-file flags'
            cand --set-file 'A secret configuration value read from FILE, e.g. `--set-file password=pw.txt` (repeatable; `-` reads stdin): for connectors outside the catalog, whose secret keys (`password`, `api-token`…) `--set` refuses'
            cand --api-key 'OAuth client id (`oauth.api.key`)'
            cand --api-secret-file 'File holding the OAuth client secret (`oauth.api.secret`); `-` reads stdin [env: POLLCTL_CLIENT_SECRET] [config: client-secret]'
            cand --oauth-callback-url 'OAuth redirect URI registered with the provider (`oauth.callback.url`)'
            cand --callback-url 'Where events are sent (`event.notification.callback.url`)'
            cand --refresh-interval 'Poll interval in minutes (`event.poller.refresh_interval`, at least 1)'
            cand --vendor-type '`polling` or `webhook` (`event.vendor.type`)'
            cand --poller-config 'Poller configuration JSON file (`event.poller.configuration`); `-` reads stdin; default: the connector''s'
            cand --code 'OAuth authorization code (`providerData.code`)'
            cand --code-file 'File holding the OAuth authorization code; `-` reads stdin'
            cand --signature-key-file 'File holding the notification signature key (`event.notification.signature.key`) [env: POLLCTL_SIGNATURE_KEY] [config: signature-key]'
            cand -o 'Write the JSON to FILE (0600, atomically) instead of stdout (`-` = stdout)'
            cand --output 'Write the JSON to FILE (0600, atomically) instead of stdout (`-` = stdout)'
            cand --user-secret-file 'With --post: file holding the platform user secret; `-` reads stdin [env: POLLCTL_USER_SECRET] [config: user-secret]'
            cand --org-secret-file 'With --post: file holding the platform organization secret; `-` reads stdin [env: POLLCTL_ORG_SECRET] [config: org-secret]'
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand --no-events 'Disable events (`event.notification.enabled: false`) and omit the poller configuration'
            cand --local-polling 'For polling with `pollctl poll` only: write the poller configuration, callback URL and signature key but turn the platform''s events off (`event.notification.enabled: false`), so the platform''s hosted poller does not deliver the same changes a second time'
            cand --force 'Overwrite FILE given with -o if it exists'
            cand --post 'Also provision it: `POST /instances` on the platform (--base-url), then save the instance''s id and token in the local registry so that `pollctl poll NAME` needs no more flags. Needs the authorization code (--code/--code-file) and the platform secrets'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pollctl;instance;validate'= {
            cand --format 'format'
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand --template 'A documentation template: required values that are empty or placeholders (`<Client ID>`, `xxxxxxxx`) are warnings instead of errors'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pollctl;instance;schema'= {
            cand --connector 'Schema for one connector (required keys, defaults); default: any connector. A key outside the catalog gets the generic schema'
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pollctl;instance;migrate'= {
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pollctl;instance;list'= {
            cand --format 'format'
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pollctl;instance;show'= {
            cand --format 'format'
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand --reveal 'Print the instance token too'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pollctl;instance;delete'= {
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand --remote 'Also `DELETE /instances/{id}` on the platform'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pollctl;instance;help'= {
            cand create 'Build an instance JSON from flags (prompting on a terminal for what is missing)'
            cand validate 'Check an instance JSON and report every problem with its JSON Pointer and line:column'
            cand schema 'Print the JSON Schema (draft 2020-12) of the instance body'
            cand migrate 'Print the instance with its legacy `event.poller.urls` converted to the JSON `event.poller.configuration` (the file is not changed)'
            cand list 'List the provisioned instances in the local registry'
            cand show 'Show one provisioned instance (the token is redacted unless --reveal)'
            cand delete 'Remove a provisioned instance from the local registry (and the platform with --remote)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pollctl;instance;help;create'= {
        }
        &'pollctl;instance;help;validate'= {
        }
        &'pollctl;instance;help;schema'= {
        }
        &'pollctl;instance;help;migrate'= {
        }
        &'pollctl;instance;help;list'= {
        }
        &'pollctl;instance;help;show'= {
        }
        &'pollctl;instance;help;delete'= {
        }
        &'pollctl;instance;help;help'= {
        }
        &'pollctl;oauth'= {
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand url 'Print the provider''s consent URL (through the platform, or built by pollctl with --direct)'
            cand login 'Run the whole flow: consent in the browser, receive the redirect, then provision the instance on the platform (default), store provider tokens (--direct), or print the code'
            cand exchange 'Exchange an authorization code for tokens at the provider''s token endpoint'
            cand refresh 'Refresh stored provider tokens'
            cand token 'Print a valid access token of stored provider tokens on stdout, refreshing it first when it expires within 5 minutes (for scripts: `curl -H "Authorization: Bearer $(pollctl oauth token me)"`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pollctl;oauth;url'= {
            cand --connector 'Connector key; optional when --instance names it'
            cand --instance 'Instance JSON (from `pollctl instance create`) supplying the client id, secret, callback URL and subdomain'
            cand --api-key 'OAuth client id (default: the instance''s `oauth.api.key`)'
            cand --api-secret-file 'File holding the OAuth client secret; `-` reads stdin [env: POLLCTL_CLIENT_SECRET]'
            cand --subdomain 'The tenant subdomain (Egnyte `subdomain`, ShareFile `sharefile.subdomain`, DocuShare Flex `docushare.domain`); default: from the instance'
            cand --auth-url 'Override the provider''s authorization endpoint (with --direct)'
            cand --token-url 'Override the provider''s token endpoint (with --direct)'
            cand --scope 'Scope to request (repeatable; default: the connector''s)'
            cand --redirect-uri 'Redirect URI to put in the URL (default: the instance''s `oauth.callback.url`)'
            cand --state 'The `state` value to send (default: 256 random bits, printed on stderr)'
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand --direct 'Go to the provider directly instead of through the platform'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pollctl;oauth;login'= {
            cand --connector 'Connector key; optional when --instance names it'
            cand --instance 'Instance JSON (from `pollctl instance create`) supplying the client id, secret, callback URL and subdomain'
            cand --api-key 'OAuth client id (default: the instance''s `oauth.api.key`)'
            cand --api-secret-file 'File holding the OAuth client secret; `-` reads stdin [env: POLLCTL_CLIENT_SECRET]'
            cand --subdomain 'The tenant subdomain (Egnyte `subdomain`, ShareFile `sharefile.subdomain`, DocuShare Flex `docushare.domain`); default: from the instance'
            cand --auth-url 'Override the provider''s authorization endpoint (with --direct)'
            cand --token-url 'Override the provider''s token endpoint (with --direct)'
            cand --scope 'Scope to request (repeatable; default: the connector''s)'
            cand --redirect-port 'Port of the loopback listener on 127.0.0.1 (0 = any free port)'
            cand --redirect-uri 'Exact redirect URI registered with the provider. A loopback http URI is listened on; any other (https) URI switches to paste mode'
            cand --timeout 'How long to wait for the redirect'
            cand --name 'Registry name for the provisioned instance / the stored tokens (default: the instance''s name or the connector key)'
            cand --user-secret-file 'Files holding the platform secrets [env: POLLCTL_USER_SECRET / POLLCTL_ORG_SECRET]'
            cand --org-secret-file 'org-secret-file'
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand --direct 'Go to the provider directly instead of through the platform'
            cand --no-browser 'Do not open a browser: print the URL on stderr and read the redirected URL (or the code) from stdin'
            cand --print-code 'Print the authorization code on stdout and stop'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pollctl;oauth;exchange'= {
            cand --connector 'Connector key; optional when --instance names it'
            cand --instance 'Instance JSON (from `pollctl instance create`) supplying the client id, secret, callback URL and subdomain'
            cand --api-key 'OAuth client id (default: the instance''s `oauth.api.key`)'
            cand --api-secret-file 'File holding the OAuth client secret; `-` reads stdin [env: POLLCTL_CLIENT_SECRET]'
            cand --subdomain 'The tenant subdomain (Egnyte `subdomain`, ShareFile `sharefile.subdomain`, DocuShare Flex `docushare.domain`); default: from the instance'
            cand --auth-url 'Override the provider''s authorization endpoint (with --direct)'
            cand --token-url 'Override the provider''s token endpoint (with --direct)'
            cand --scope 'Scope to request (repeatable; default: the connector''s)'
            cand --code-file 'File holding the authorization code; `-` reads stdin'
            cand --redirect-uri 'The redirect URI used in the authorization request (some providers require it)'
            cand --code-verifier-file 'File holding the PKCE code verifier, if one was used'
            cand --name 'Name under which the tokens are stored (default: the connector key)'
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand --direct 'Go to the provider directly instead of through the platform'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pollctl;oauth;refresh'= {
            cand --api-secret-file 'File holding the OAuth client secret; `-` reads stdin [env: POLLCTL_CLIENT_SECRET]'
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand --force 'Refresh even when the access token is not about to expire'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pollctl;oauth;token'= {
            cand --api-secret-file 'File holding the OAuth client secret, needed when a refresh is due; `-` reads stdin [env: POLLCTL_CLIENT_SECRET]'
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pollctl;oauth;help'= {
            cand url 'Print the provider''s consent URL (through the platform, or built by pollctl with --direct)'
            cand login 'Run the whole flow: consent in the browser, receive the redirect, then provision the instance on the platform (default), store provider tokens (--direct), or print the code'
            cand exchange 'Exchange an authorization code for tokens at the provider''s token endpoint'
            cand refresh 'Refresh stored provider tokens'
            cand token 'Print a valid access token of stored provider tokens on stdout, refreshing it first when it expires within 5 minutes (for scripts: `curl -H "Authorization: Bearer $(pollctl oauth token me)"`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pollctl;oauth;help;url'= {
        }
        &'pollctl;oauth;help;login'= {
        }
        &'pollctl;oauth;help;exchange'= {
        }
        &'pollctl;oauth;help;refresh'= {
        }
        &'pollctl;oauth;help;token'= {
        }
        &'pollctl;oauth;help;help'= {
        }
        &'pollctl;poll'= {
            cand --resource 'Poll only this resource (repeatable)'
            cand --param 'Value for a `{placeholder}` in resource URLs, e.g. `--param calendarId=primary` (repeatable)'
            cand --since 'Start the first window at TIME (RFC 3339, or a duration ago such as `2h`) instead of now minus the refresh interval; with saved state, moves the watermark to TIME'
            cand --interval 'Time between cycles, overriding `event.poller.refresh_interval` (e.g. `30s`, `5m`)'
            cand --concurrency 'How many resources are polled at once'
            cand --lease 'With PostgreSQL state: how long a resource''s lease lasts without renewal (renewed every third of it while held); a dead worker''s resources move to another after this'
            cand --format 'Output format of events on stdout'
            cand --metrics-listen 'Serve Prometheus metrics on /metrics, liveness on /healthz and readiness on /readyz at ADDR (IP:PORT, e.g. 127.0.0.1:9464) [env: POLLCTL_METRICS_LISTEN]'
            cand --health-stall 'With --metrics-listen: /healthz answers 503 once the loop made no progress for this long [default: twice the longest interval plus 5 minutes]'
            cand --forward-to 'Forward events to URL instead of printing them'
            cand --signature-scheme 'Signature headers sent when forwarding with a signature key'
            cand --signature-key-file 'File holding the signature key [env: POLLCTL_SIGNATURE_KEY]; default: the instance''s `event.notification.signature.key`'
            cand --user-secret-file 'File holding the platform user secret [env: POLLCTL_USER_SECRET]'
            cand --org-secret-file 'File holding the platform organization secret [env: POLLCTL_ORG_SECRET]'
            cand --element-token-file 'File holding the instance token [env: POLLCTL_ELEMENT_TOKEN]'
            cand --timeout 'Per-request timeout (fetch and forward)'
            cand --in-flight 'Forwarding: notifications of one resource written on one HTTP/1.1 connection before the first is answered (answers come in order; after a failure, the ones behind it are sent again). 1, the default: each waits for the previous answer'
            cand --max-retries 'Retries per request after the first attempt (connection errors, 408, 429, 5xx)'
            cand --max-pages 'Pages one cycle of one resource follows at most; a longer chain (or a page token the server already returned in the cycle) is an error (exit 1) and nothing is committed'
            cand --max-page-size 'The largest page a hub may send, in MiB; a larger page is an error (exit 1) and nothing is committed (a guard against endless bodies: pages are read record by record, so memory does not follow the page size)'
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand --registry 'Also poll every provisioned instance of the registry (with PostgreSQL state, the registry in that database; else the state directory''s)'
            cand --once 'Run one cycle of every resource, then exit (0, or the code of the worst failure)'
            cand --from-start 'No lower bound for the first window (fetch everything)'
            cand --reset 'Forget saved state (watermark and ledger) before polling'
            cand --dry-run 'Print what would be fetched and emitted; never write state or forward'
            cand --forward 'Forward events to the instance''s `event.notification.callback.url` instead of printing'
            cand --strict-dates 'Fail the resource (exit 3, nothing committed) on a record whose date cannot be parsed, instead of reporting, counting and skipping it'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pollctl;date'= {
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand parse 'Parse TEXT with a pattern; print the instant as RFC 3339 UTC with milliseconds'
            cand format 'Format INSTANT (RFC 3339, or epoch milliseconds) with a pattern'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pollctl;date;parse'= {
            cand -f 'Java SimpleDateFormat pattern, or `milliseconds` for epoch milliseconds'
            cand --format 'Java SimpleDateFormat pattern, or `milliseconds` for epoch milliseconds'
            cand --tz 'Zone used when the text carries none (IANA name, GMT/UTC, offset, abbreviation)'
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pollctl;date;format'= {
            cand -f 'Java SimpleDateFormat pattern, or `milliseconds` for epoch milliseconds'
            cand --format 'Java SimpleDateFormat pattern, or `milliseconds` for epoch milliseconds'
            cand --tz 'Zone to render the instant in'
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pollctl;date;help'= {
            cand parse 'Parse TEXT with a pattern; print the instant as RFC 3339 UTC with milliseconds'
            cand format 'Format INSTANT (RFC 3339, or epoch milliseconds) with a pattern'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pollctl;date;help;parse'= {
        }
        &'pollctl;date;help;format'= {
        }
        &'pollctl;date;help;help'= {
        }
        &'pollctl;sandbox'= {
            cand --port 'Port on 127.0.0.1 (0 = any free port). The base URL is the first line on stdout'
            cand --seed 'Seed of the generated records (same seed, same data)'
            cand --faults 'Faults to inject, e.g. `429:0.1,500:0.05,slow:0.02,garbage:0.01` (kind:probability)'
            cand --listen 'Listen on this address instead of 127.0.0.1 (not loopback: a warning is printed)'
            cand --receiver-key-file 'File holding the key the receiver (`POST {base}/receiver`) verifies signatures with [env: POLLCTL_SIGNATURE_KEY]; default: the key of the instance named in the notification'
            cand --slow-delay 'Delay of a `slow` fault'
            cand --history 'How far back generated records exist (before the sandbox started)'
            cand --recent 'What a resource without a date macro in its URL returns: the changes of this long ago (Egnyte''s events, Google''s changed-* resources)'
            cand --clock 'Run on a manual clock starting at TIME (RFC 3339) instead of the system clock; move it with `POST {base}/sandbox/clock {"advance": "5m"}` (deterministic tests)'
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pollctl;demo'= {
            cand --format 'format'
            cand --seed 'Seed of the sandbox''s generated records'
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pollctl;set-aside'= {
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List the set-aside records (all instances, or one instance id), with the reason; those queued by `replay` and not yet classified again are marked as queued'
            cand replay 'Queue the set-aside records of an instance for its next poll cycle, which classifies them again (fix the date pattern first); records that still fail are set aside again'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pollctl;set-aside;list'= {
            cand --format 'format'
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pollctl;set-aside;replay'= {
            cand --resource 'Only this resource'
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pollctl;set-aside;help'= {
            cand list 'List the set-aside records (all instances, or one instance id), with the reason; those queued by `replay` and not yet classified again are marked as queued'
            cand replay 'Queue the set-aside records of an instance for its next poll cycle, which classifies them again (fix the date pattern first); records that still fail are set aside again'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pollctl;set-aside;help;list'= {
        }
        &'pollctl;set-aside;help;replay'= {
        }
        &'pollctl;set-aside;help;help'= {
        }
        &'pollctl;state'= {
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand migrate 'Create or upgrade the PostgreSQL state schema (--state / POLLCTL_STATE) to the version this pollctl writes; refuses a schema from a newer pollctl'
            cand export 'Write every watermark, ledger and set-aside record as JSON Lines (files or PostgreSQL, per --state), for `state import` into another backend'
            cand import 'Read a `state export` (FILE, or - for stdin) into the state chosen by --state'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pollctl;state;migrate'= {
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pollctl;state;export'= {
            cand -o 'Write here (0600) instead of stdout'
            cand --output 'Write here (0600) instead of stdout'
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pollctl;state;import'= {
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand --replace 'Overwrite state that already exists for a resource (refused otherwise)'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pollctl;state;help'= {
            cand migrate 'Create or upgrade the PostgreSQL state schema (--state / POLLCTL_STATE) to the version this pollctl writes; refuses a schema from a newer pollctl'
            cand export 'Write every watermark, ledger and set-aside record as JSON Lines (files or PostgreSQL, per --state), for `state import` into another backend'
            cand import 'Read a `state export` (FILE, or - for stdin) into the state chosen by --state'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pollctl;state;help;migrate'= {
        }
        &'pollctl;state;help;export'= {
        }
        &'pollctl;state;help;import'= {
        }
        &'pollctl;state;help;help'= {
        }
        &'pollctl;completions'= {
            cand --base-url 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]'
            cand --config 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]'
            cand --state-dir 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]'
            cand --state 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]'
            cand --log-format 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]'
            cand -q 'Print only data and errors (no progress, no summaries)'
            cand --quiet 'Print only data and errors (no progress, no summaries)'
            cand -v 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --verbose 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
            cand --no-color 'Never use colour (NO_COLOR is honoured too)'
            cand --no-input 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pollctl;help'= {
            cand connectors 'The built-in connector catalog'
            cand instance 'Build, validate and describe instance JSON; the local registry of provisioned instances'
            cand oauth 'The OAuth 2.0 authorization-code flow, through the platform or directly with the provider'
            cand poll 'Run the poller: fetch changed records and emit or forward normalized events'
            cand date 'Evaluate a Java SimpleDateFormat pattern the way the poller does'
            cand sandbox 'Serve a local stand-in for the platform and the four connectors (loopback only)'
            cand demo 'The whole mission end to end on the sandbox, on loopback, in one command'
            cand set-aside 'Records the poller could not classify (unparseable dates): list them, re-offer them'
            cand state 'Poll state: migrate the PostgreSQL schema; export and import (JSON Lines) between backends'
            cand completions 'Print shell completions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pollctl;help;connectors'= {
            cand list 'List the known connectors'
            cand show 'Show one connector: configuration keys, events, default poller configuration, OAuth endpoints'
        }
        &'pollctl;help;connectors;list'= {
        }
        &'pollctl;help;connectors;show'= {
        }
        &'pollctl;help;instance'= {
            cand create 'Build an instance JSON from flags (prompting on a terminal for what is missing)'
            cand validate 'Check an instance JSON and report every problem with its JSON Pointer and line:column'
            cand schema 'Print the JSON Schema (draft 2020-12) of the instance body'
            cand migrate 'Print the instance with its legacy `event.poller.urls` converted to the JSON `event.poller.configuration` (the file is not changed)'
            cand list 'List the provisioned instances in the local registry'
            cand show 'Show one provisioned instance (the token is redacted unless --reveal)'
            cand delete 'Remove a provisioned instance from the local registry (and the platform with --remote)'
        }
        &'pollctl;help;instance;create'= {
        }
        &'pollctl;help;instance;validate'= {
        }
        &'pollctl;help;instance;schema'= {
        }
        &'pollctl;help;instance;migrate'= {
        }
        &'pollctl;help;instance;list'= {
        }
        &'pollctl;help;instance;show'= {
        }
        &'pollctl;help;instance;delete'= {
        }
        &'pollctl;help;oauth'= {
            cand url 'Print the provider''s consent URL (through the platform, or built by pollctl with --direct)'
            cand login 'Run the whole flow: consent in the browser, receive the redirect, then provision the instance on the platform (default), store provider tokens (--direct), or print the code'
            cand exchange 'Exchange an authorization code for tokens at the provider''s token endpoint'
            cand refresh 'Refresh stored provider tokens'
            cand token 'Print a valid access token of stored provider tokens on stdout, refreshing it first when it expires within 5 minutes (for scripts: `curl -H "Authorization: Bearer $(pollctl oauth token me)"`)'
        }
        &'pollctl;help;oauth;url'= {
        }
        &'pollctl;help;oauth;login'= {
        }
        &'pollctl;help;oauth;exchange'= {
        }
        &'pollctl;help;oauth;refresh'= {
        }
        &'pollctl;help;oauth;token'= {
        }
        &'pollctl;help;poll'= {
        }
        &'pollctl;help;date'= {
            cand parse 'Parse TEXT with a pattern; print the instant as RFC 3339 UTC with milliseconds'
            cand format 'Format INSTANT (RFC 3339, or epoch milliseconds) with a pattern'
        }
        &'pollctl;help;date;parse'= {
        }
        &'pollctl;help;date;format'= {
        }
        &'pollctl;help;sandbox'= {
        }
        &'pollctl;help;demo'= {
        }
        &'pollctl;help;set-aside'= {
            cand list 'List the set-aside records (all instances, or one instance id), with the reason; those queued by `replay` and not yet classified again are marked as queued'
            cand replay 'Queue the set-aside records of an instance for its next poll cycle, which classifies them again (fix the date pattern first); records that still fail are set aside again'
        }
        &'pollctl;help;set-aside;list'= {
        }
        &'pollctl;help;set-aside;replay'= {
        }
        &'pollctl;help;state'= {
            cand migrate 'Create or upgrade the PostgreSQL state schema (--state / POLLCTL_STATE) to the version this pollctl writes; refuses a schema from a newer pollctl'
            cand export 'Write every watermark, ledger and set-aside record as JSON Lines (files or PostgreSQL, per --state), for `state import` into another backend'
            cand import 'Read a `state export` (FILE, or - for stdin) into the state chosen by --state'
        }
        &'pollctl;help;state;migrate'= {
        }
        &'pollctl;help;state;export'= {
        }
        &'pollctl;help;state;import'= {
        }
        &'pollctl;help;completions'= {
        }
        &'pollctl;help;help'= {
        }
    ]
    $completions[$command]
}
