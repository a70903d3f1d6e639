
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'pollctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'pollctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'pollctl' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('connectors', 'connectors', [CompletionResultType]::ParameterValue, 'The built-in connector catalog')
            [CompletionResult]::new('instance', 'instance', [CompletionResultType]::ParameterValue, 'Build, validate and describe instance JSON; the local registry of provisioned instances')
            [CompletionResult]::new('oauth', 'oauth', [CompletionResultType]::ParameterValue, 'The OAuth 2.0 authorization-code flow, through the platform or directly with the provider')
            [CompletionResult]::new('poll', 'poll', [CompletionResultType]::ParameterValue, 'Run the poller: fetch changed records and emit or forward normalized events')
            [CompletionResult]::new('date', 'date', [CompletionResultType]::ParameterValue, 'Evaluate a Java SimpleDateFormat pattern the way the poller does')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Serve a local stand-in for the platform and the four connectors (loopback only)')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'The whole mission end to end on the sandbox, on loopback, in one command')
            [CompletionResult]::new('set-aside', 'set-aside', [CompletionResultType]::ParameterValue, 'Records the poller could not classify (unparseable dates): list them, re-offer them')
            [CompletionResult]::new('state', 'state', [CompletionResultType]::ParameterValue, 'Poll state: migrate the PostgreSQL schema; export and import (JSON Lines) between backends')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pollctl;connectors' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the known connectors')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one connector: configuration keys, events, default poller configuration, OAuth endpoints')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pollctl;connectors;list' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pollctl;connectors;show' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pollctl;connectors;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the known connectors')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one connector: configuration keys, events, default poller configuration, OAuth endpoints')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pollctl;connectors;help;list' {
            break
        }
        'pollctl;connectors;help;show' {
            break
        }
        'pollctl;connectors;help;help' {
            break
        }
        'pollctl;instance' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Build an instance JSON from flags (prompting on a terminal for what is missing)')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check an instance JSON and report every problem with its JSON Pointer and line:column')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema (draft 2020-12) of the instance body')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Print the instance with its legacy `event.poller.urls` converted to the JSON `event.poller.configuration` (the file is not changed)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the provisioned instances in the local registry')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one provisioned instance (the token is redacted unless --reveal)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove a provisioned instance from the local registry (and the platform with --remote)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pollctl;instance;create' {
            [CompletionResult]::new('--connector', '--connector', [CompletionResultType]::ParameterName, 'Connector key (see `pollctl connectors list`): docushareflex, egnyte, sharefile, googlesuite. Asked on a terminal when absent')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Instance name')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Tag (repeatable)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Configuration value, e.g. `--set subdomain=acme` (repeatable; booleans and numbers typed where the platform expects them). Secrets are refused here: use the *-file flags')
            [CompletionResult]::new('--set-file', '--set-file', [CompletionResultType]::ParameterName, 'A secret configuration value read from FILE, e.g. `--set-file password=pw.txt` (repeatable; `-` reads stdin): for connectors outside the catalog, whose secret keys (`password`, `api-token`…) `--set` refuses')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'OAuth client id (`oauth.api.key`)')
            [CompletionResult]::new('--api-secret-file', '--api-secret-file', [CompletionResultType]::ParameterName, 'File holding the OAuth client secret (`oauth.api.secret`); `-` reads stdin [env: POLLCTL_CLIENT_SECRET] [config: client-secret]')
            [CompletionResult]::new('--oauth-callback-url', '--oauth-callback-url', [CompletionResultType]::ParameterName, 'OAuth redirect URI registered with the provider (`oauth.callback.url`)')
            [CompletionResult]::new('--callback-url', '--callback-url', [CompletionResultType]::ParameterName, 'Where events are sent (`event.notification.callback.url`)')
            [CompletionResult]::new('--refresh-interval', '--refresh-interval', [CompletionResultType]::ParameterName, 'Poll interval in minutes (`event.poller.refresh_interval`, at least 1)')
            [CompletionResult]::new('--vendor-type', '--vendor-type', [CompletionResultType]::ParameterName, '`polling` or `webhook` (`event.vendor.type`)')
            [CompletionResult]::new('--poller-config', '--poller-config', [CompletionResultType]::ParameterName, 'Poller configuration JSON file (`event.poller.configuration`); `-` reads stdin; default: the connector''s')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'OAuth authorization code (`providerData.code`)')
            [CompletionResult]::new('--code-file', '--code-file', [CompletionResultType]::ParameterName, 'File holding the OAuth authorization code; `-` reads stdin')
            [CompletionResult]::new('--signature-key-file', '--signature-key-file', [CompletionResultType]::ParameterName, 'File holding the notification signature key (`event.notification.signature.key`) [env: POLLCTL_SIGNATURE_KEY] [config: signature-key]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the JSON to FILE (0600, atomically) instead of stdout (`-` = stdout)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the JSON to FILE (0600, atomically) instead of stdout (`-` = stdout)')
            [CompletionResult]::new('--user-secret-file', '--user-secret-file', [CompletionResultType]::ParameterName, 'With --post: file holding the platform user secret; `-` reads stdin [env: POLLCTL_USER_SECRET] [config: user-secret]')
            [CompletionResult]::new('--org-secret-file', '--org-secret-file', [CompletionResultType]::ParameterName, 'With --post: file holding the platform organization secret; `-` reads stdin [env: POLLCTL_ORG_SECRET] [config: org-secret]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('--no-events', '--no-events', [CompletionResultType]::ParameterName, 'Disable events (`event.notification.enabled: false`) and omit the poller configuration')
            [CompletionResult]::new('--local-polling', '--local-polling', [CompletionResultType]::ParameterName, 'For polling with `pollctl poll` only: write the poller configuration, callback URL and signature key but turn the platform''s events off (`event.notification.enabled: false`), so the platform''s hosted poller does not deliver the same changes a second time')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite FILE given with -o if it exists')
            [CompletionResult]::new('--post', '--post', [CompletionResultType]::ParameterName, 'Also provision it: `POST /instances` on the platform (--base-url), then save the instance''s id and token in the local registry so that `pollctl poll NAME` needs no more flags. Needs the authorization code (--code/--code-file) and the platform secrets')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pollctl;instance;validate' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'A documentation template: required values that are empty or placeholders (`<Client ID>`, `xxxxxxxx`) are warnings instead of errors')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pollctl;instance;schema' {
            [CompletionResult]::new('--connector', '--connector', [CompletionResultType]::ParameterName, 'Schema for one connector (required keys, defaults); default: any connector. A key outside the catalog gets the generic schema')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pollctl;instance;migrate' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pollctl;instance;list' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pollctl;instance;show' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Print the instance token too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pollctl;instance;delete' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('--remote', '--remote', [CompletionResultType]::ParameterName, 'Also `DELETE /instances/{id}` on the platform')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pollctl;instance;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Build an instance JSON from flags (prompting on a terminal for what is missing)')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check an instance JSON and report every problem with its JSON Pointer and line:column')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema (draft 2020-12) of the instance body')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Print the instance with its legacy `event.poller.urls` converted to the JSON `event.poller.configuration` (the file is not changed)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the provisioned instances in the local registry')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one provisioned instance (the token is redacted unless --reveal)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove a provisioned instance from the local registry (and the platform with --remote)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pollctl;instance;help;create' {
            break
        }
        'pollctl;instance;help;validate' {
            break
        }
        'pollctl;instance;help;schema' {
            break
        }
        'pollctl;instance;help;migrate' {
            break
        }
        'pollctl;instance;help;list' {
            break
        }
        'pollctl;instance;help;show' {
            break
        }
        'pollctl;instance;help;delete' {
            break
        }
        'pollctl;instance;help;help' {
            break
        }
        'pollctl;oauth' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('url', 'url', [CompletionResultType]::ParameterValue, 'Print the provider''s consent URL (through the platform, or built by pollctl with --direct)')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Run the whole flow: consent in the browser, receive the redirect, then provision the instance on the platform (default), store provider tokens (--direct), or print the code')
            [CompletionResult]::new('exchange', 'exchange', [CompletionResultType]::ParameterValue, 'Exchange an authorization code for tokens at the provider''s token endpoint')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Refresh stored provider tokens')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print a valid access token of stored provider tokens on stdout, refreshing it first when it expires within 5 minutes (for scripts: `curl -H "Authorization: Bearer $(pollctl oauth token me)"`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pollctl;oauth;url' {
            [CompletionResult]::new('--connector', '--connector', [CompletionResultType]::ParameterName, 'Connector key; optional when --instance names it')
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'Instance JSON (from `pollctl instance create`) supplying the client id, secret, callback URL and subdomain')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'OAuth client id (default: the instance''s `oauth.api.key`)')
            [CompletionResult]::new('--api-secret-file', '--api-secret-file', [CompletionResultType]::ParameterName, 'File holding the OAuth client secret; `-` reads stdin [env: POLLCTL_CLIENT_SECRET]')
            [CompletionResult]::new('--subdomain', '--subdomain', [CompletionResultType]::ParameterName, 'The tenant subdomain (Egnyte `subdomain`, ShareFile `sharefile.subdomain`, DocuShare Flex `docushare.domain`); default: from the instance')
            [CompletionResult]::new('--auth-url', '--auth-url', [CompletionResultType]::ParameterName, 'Override the provider''s authorization endpoint (with --direct)')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Override the provider''s token endpoint (with --direct)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope to request (repeatable; default: the connector''s)')
            [CompletionResult]::new('--redirect-uri', '--redirect-uri', [CompletionResultType]::ParameterName, 'Redirect URI to put in the URL (default: the instance''s `oauth.callback.url`)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'The `state` value to send (default: 256 random bits, printed on stderr)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('--direct', '--direct', [CompletionResultType]::ParameterName, 'Go to the provider directly instead of through the platform')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pollctl;oauth;login' {
            [CompletionResult]::new('--connector', '--connector', [CompletionResultType]::ParameterName, 'Connector key; optional when --instance names it')
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'Instance JSON (from `pollctl instance create`) supplying the client id, secret, callback URL and subdomain')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'OAuth client id (default: the instance''s `oauth.api.key`)')
            [CompletionResult]::new('--api-secret-file', '--api-secret-file', [CompletionResultType]::ParameterName, 'File holding the OAuth client secret; `-` reads stdin [env: POLLCTL_CLIENT_SECRET]')
            [CompletionResult]::new('--subdomain', '--subdomain', [CompletionResultType]::ParameterName, 'The tenant subdomain (Egnyte `subdomain`, ShareFile `sharefile.subdomain`, DocuShare Flex `docushare.domain`); default: from the instance')
            [CompletionResult]::new('--auth-url', '--auth-url', [CompletionResultType]::ParameterName, 'Override the provider''s authorization endpoint (with --direct)')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Override the provider''s token endpoint (with --direct)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope to request (repeatable; default: the connector''s)')
            [CompletionResult]::new('--redirect-port', '--redirect-port', [CompletionResultType]::ParameterName, 'Port of the loopback listener on 127.0.0.1 (0 = any free port)')
            [CompletionResult]::new('--redirect-uri', '--redirect-uri', [CompletionResultType]::ParameterName, 'Exact redirect URI registered with the provider. A loopback http URI is listened on; any other (https) URI switches to paste mode')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for the redirect')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Registry name for the provisioned instance / the stored tokens (default: the instance''s name or the connector key)')
            [CompletionResult]::new('--user-secret-file', '--user-secret-file', [CompletionResultType]::ParameterName, 'Files holding the platform secrets [env: POLLCTL_USER_SECRET / POLLCTL_ORG_SECRET]')
            [CompletionResult]::new('--org-secret-file', '--org-secret-file', [CompletionResultType]::ParameterName, 'org-secret-file')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('--direct', '--direct', [CompletionResultType]::ParameterName, 'Go to the provider directly instead of through the platform')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser: print the URL on stderr and read the redirected URL (or the code) from stdin')
            [CompletionResult]::new('--print-code', '--print-code', [CompletionResultType]::ParameterName, 'Print the authorization code on stdout and stop')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pollctl;oauth;exchange' {
            [CompletionResult]::new('--connector', '--connector', [CompletionResultType]::ParameterName, 'Connector key; optional when --instance names it')
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'Instance JSON (from `pollctl instance create`) supplying the client id, secret, callback URL and subdomain')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'OAuth client id (default: the instance''s `oauth.api.key`)')
            [CompletionResult]::new('--api-secret-file', '--api-secret-file', [CompletionResultType]::ParameterName, 'File holding the OAuth client secret; `-` reads stdin [env: POLLCTL_CLIENT_SECRET]')
            [CompletionResult]::new('--subdomain', '--subdomain', [CompletionResultType]::ParameterName, 'The tenant subdomain (Egnyte `subdomain`, ShareFile `sharefile.subdomain`, DocuShare Flex `docushare.domain`); default: from the instance')
            [CompletionResult]::new('--auth-url', '--auth-url', [CompletionResultType]::ParameterName, 'Override the provider''s authorization endpoint (with --direct)')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Override the provider''s token endpoint (with --direct)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope to request (repeatable; default: the connector''s)')
            [CompletionResult]::new('--code-file', '--code-file', [CompletionResultType]::ParameterName, 'File holding the authorization code; `-` reads stdin')
            [CompletionResult]::new('--redirect-uri', '--redirect-uri', [CompletionResultType]::ParameterName, 'The redirect URI used in the authorization request (some providers require it)')
            [CompletionResult]::new('--code-verifier-file', '--code-verifier-file', [CompletionResultType]::ParameterName, 'File holding the PKCE code verifier, if one was used')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name under which the tokens are stored (default: the connector key)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('--direct', '--direct', [CompletionResultType]::ParameterName, 'Go to the provider directly instead of through the platform')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pollctl;oauth;refresh' {
            [CompletionResult]::new('--api-secret-file', '--api-secret-file', [CompletionResultType]::ParameterName, 'File holding the OAuth client secret; `-` reads stdin [env: POLLCTL_CLIENT_SECRET]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Refresh even when the access token is not about to expire')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pollctl;oauth;token' {
            [CompletionResult]::new('--api-secret-file', '--api-secret-file', [CompletionResultType]::ParameterName, 'File holding the OAuth client secret, needed when a refresh is due; `-` reads stdin [env: POLLCTL_CLIENT_SECRET]')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pollctl;oauth;help' {
            [CompletionResult]::new('url', 'url', [CompletionResultType]::ParameterValue, 'Print the provider''s consent URL (through the platform, or built by pollctl with --direct)')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Run the whole flow: consent in the browser, receive the redirect, then provision the instance on the platform (default), store provider tokens (--direct), or print the code')
            [CompletionResult]::new('exchange', 'exchange', [CompletionResultType]::ParameterValue, 'Exchange an authorization code for tokens at the provider''s token endpoint')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Refresh stored provider tokens')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print a valid access token of stored provider tokens on stdout, refreshing it first when it expires within 5 minutes (for scripts: `curl -H "Authorization: Bearer $(pollctl oauth token me)"`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pollctl;oauth;help;url' {
            break
        }
        'pollctl;oauth;help;login' {
            break
        }
        'pollctl;oauth;help;exchange' {
            break
        }
        'pollctl;oauth;help;refresh' {
            break
        }
        'pollctl;oauth;help;token' {
            break
        }
        'pollctl;oauth;help;help' {
            break
        }
        'pollctl;poll' {
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Poll only this resource (repeatable)')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Value for a `{placeholder}` in resource URLs, e.g. `--param calendarId=primary` (repeatable)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Start the first window at TIME (RFC 3339, or a duration ago such as `2h`) instead of now minus the refresh interval; with saved state, moves the watermark to TIME')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between cycles, overriding `event.poller.refresh_interval` (e.g. `30s`, `5m`)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many resources are polled at once')
            [CompletionResult]::new('--lease', '--lease', [CompletionResultType]::ParameterName, 'With PostgreSQL state: how long a resource''s lease lasts without renewal (renewed every third of it while held); a dead worker''s resources move to another after this')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format of events on stdout')
            [CompletionResult]::new('--metrics-listen', '--metrics-listen', [CompletionResultType]::ParameterName, 'Serve Prometheus metrics on /metrics, liveness on /healthz and readiness on /readyz at ADDR (IP:PORT, e.g. 127.0.0.1:9464) [env: POLLCTL_METRICS_LISTEN]')
            [CompletionResult]::new('--health-stall', '--health-stall', [CompletionResultType]::ParameterName, 'With --metrics-listen: /healthz answers 503 once the loop made no progress for this long [default: twice the longest interval plus 5 minutes]')
            [CompletionResult]::new('--forward-to', '--forward-to', [CompletionResultType]::ParameterName, 'Forward events to URL instead of printing them')
            [CompletionResult]::new('--signature-scheme', '--signature-scheme', [CompletionResultType]::ParameterName, 'Signature headers sent when forwarding with a signature key')
            [CompletionResult]::new('--signature-key-file', '--signature-key-file', [CompletionResultType]::ParameterName, 'File holding the signature key [env: POLLCTL_SIGNATURE_KEY]; default: the instance''s `event.notification.signature.key`')
            [CompletionResult]::new('--user-secret-file', '--user-secret-file', [CompletionResultType]::ParameterName, 'File holding the platform user secret [env: POLLCTL_USER_SECRET]')
            [CompletionResult]::new('--org-secret-file', '--org-secret-file', [CompletionResultType]::ParameterName, 'File holding the platform organization secret [env: POLLCTL_ORG_SECRET]')
            [CompletionResult]::new('--element-token-file', '--element-token-file', [CompletionResultType]::ParameterName, 'File holding the instance token [env: POLLCTL_ELEMENT_TOKEN]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout (fetch and forward)')
            [CompletionResult]::new('--in-flight', '--in-flight', [CompletionResultType]::ParameterName, 'Forwarding: notifications of one resource written on one HTTP/1.1 connection before the first is answered (answers come in order; after a failure, the ones behind it are sent again). 1, the default: each waits for the previous answer')
            [CompletionResult]::new('--max-retries', '--max-retries', [CompletionResultType]::ParameterName, 'Retries per request after the first attempt (connection errors, 408, 429, 5xx)')
            [CompletionResult]::new('--max-pages', '--max-pages', [CompletionResultType]::ParameterName, 'Pages one cycle of one resource follows at most; a longer chain (or a page token the server already returned in the cycle) is an error (exit 1) and nothing is committed')
            [CompletionResult]::new('--max-page-size', '--max-page-size', [CompletionResultType]::ParameterName, 'The largest page a hub may send, in MiB; a larger page is an error (exit 1) and nothing is committed (a guard against endless bodies: pages are read record by record, so memory does not follow the page size)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Also poll every provisioned instance of the registry (with PostgreSQL state, the registry in that database; else the state directory''s)')
            [CompletionResult]::new('--once', '--once', [CompletionResultType]::ParameterName, 'Run one cycle of every resource, then exit (0, or the code of the worst failure)')
            [CompletionResult]::new('--from-start', '--from-start', [CompletionResultType]::ParameterName, 'No lower bound for the first window (fetch everything)')
            [CompletionResult]::new('--reset', '--reset', [CompletionResultType]::ParameterName, 'Forget saved state (watermark and ledger) before polling')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be fetched and emitted; never write state or forward')
            [CompletionResult]::new('--forward', '--forward', [CompletionResultType]::ParameterName, 'Forward events to the instance''s `event.notification.callback.url` instead of printing')
            [CompletionResult]::new('--strict-dates', '--strict-dates', [CompletionResultType]::ParameterName, 'Fail the resource (exit 3, nothing committed) on a record whose date cannot be parsed, instead of reporting, counting and skipping it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pollctl;date' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('parse', 'parse', [CompletionResultType]::ParameterValue, 'Parse TEXT with a pattern; print the instant as RFC 3339 UTC with milliseconds')
            [CompletionResult]::new('format', 'format', [CompletionResultType]::ParameterValue, 'Format INSTANT (RFC 3339, or epoch milliseconds) with a pattern')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pollctl;date;parse' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Java SimpleDateFormat pattern, or `milliseconds` for epoch milliseconds')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Java SimpleDateFormat pattern, or `milliseconds` for epoch milliseconds')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Zone used when the text carries none (IANA name, GMT/UTC, offset, abbreviation)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pollctl;date;format' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Java SimpleDateFormat pattern, or `milliseconds` for epoch milliseconds')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Java SimpleDateFormat pattern, or `milliseconds` for epoch milliseconds')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Zone to render the instant in')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pollctl;date;help' {
            [CompletionResult]::new('parse', 'parse', [CompletionResultType]::ParameterValue, 'Parse TEXT with a pattern; print the instant as RFC 3339 UTC with milliseconds')
            [CompletionResult]::new('format', 'format', [CompletionResultType]::ParameterValue, 'Format INSTANT (RFC 3339, or epoch milliseconds) with a pattern')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pollctl;date;help;parse' {
            break
        }
        'pollctl;date;help;format' {
            break
        }
        'pollctl;date;help;help' {
            break
        }
        'pollctl;sandbox' {
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port on 127.0.0.1 (0 = any free port). The base URL is the first line on stdout')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed of the generated records (same seed, same data)')
            [CompletionResult]::new('--faults', '--faults', [CompletionResultType]::ParameterName, 'Faults to inject, e.g. `429:0.1,500:0.05,slow:0.02,garbage:0.01` (kind:probability)')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Listen on this address instead of 127.0.0.1 (not loopback: a warning is printed)')
            [CompletionResult]::new('--receiver-key-file', '--receiver-key-file', [CompletionResultType]::ParameterName, 'File holding the key the receiver (`POST {base}/receiver`) verifies signatures with [env: POLLCTL_SIGNATURE_KEY]; default: the key of the instance named in the notification')
            [CompletionResult]::new('--slow-delay', '--slow-delay', [CompletionResultType]::ParameterName, 'Delay of a `slow` fault')
            [CompletionResult]::new('--history', '--history', [CompletionResultType]::ParameterName, 'How far back generated records exist (before the sandbox started)')
            [CompletionResult]::new('--recent', '--recent', [CompletionResultType]::ParameterName, 'What a resource without a date macro in its URL returns: the changes of this long ago (Egnyte''s events, Google''s changed-* resources)')
            [CompletionResult]::new('--clock', '--clock', [CompletionResultType]::ParameterName, 'Run on a manual clock starting at TIME (RFC 3339) instead of the system clock; move it with `POST {base}/sandbox/clock {"advance": "5m"}` (deterministic tests)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pollctl;demo' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed of the sandbox''s generated records')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pollctl;set-aside' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the set-aside records (all instances, or one instance id), with the reason; those queued by `replay` and not yet classified again are marked as queued')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Queue the set-aside records of an instance for its next poll cycle, which classifies them again (fix the date pattern first); records that still fail are set aside again')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pollctl;set-aside;list' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pollctl;set-aside;replay' {
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Only this resource')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pollctl;set-aside;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the set-aside records (all instances, or one instance id), with the reason; those queued by `replay` and not yet classified again are marked as queued')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Queue the set-aside records of an instance for its next poll cycle, which classifies them again (fix the date pattern first); records that still fail are set aside again')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pollctl;set-aside;help;list' {
            break
        }
        'pollctl;set-aside;help;replay' {
            break
        }
        'pollctl;set-aside;help;help' {
            break
        }
        'pollctl;state' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Create or upgrade the PostgreSQL state schema (--state / POLLCTL_STATE) to the version this pollctl writes; refuses a schema from a newer pollctl')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write every watermark, ledger and set-aside record as JSON Lines (files or PostgreSQL, per --state), for `state import` into another backend')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Read a `state export` (FILE, or - for stdin) into the state chosen by --state')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pollctl;state;migrate' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pollctl;state;export' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write here (0600) instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write here (0600) instead of stdout')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pollctl;state;import' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('--replace', '--replace', [CompletionResultType]::ParameterName, 'Overwrite state that already exists for a resource (refused otherwise)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pollctl;state;help' {
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Create or upgrade the PostgreSQL state schema (--state / POLLCTL_STATE) to the version this pollctl writes; refuses a schema from a newer pollctl')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write every watermark, ledger and set-aside record as JSON Lines (files or PostgreSQL, per --state), for `state import` into another backend')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Read a `state export` (FILE, or - for stdin) into the state chosen by --state')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pollctl;state;help;migrate' {
            break
        }
        'pollctl;state;help;export' {
            break
        }
        'pollctl;state;help;import' {
            break
        }
        'pollctl;state;help;help' {
            break
        }
        'pollctl;completions' {
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors (no progress, no summaries)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (NO_COLOR is honoured too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pollctl;help' {
            [CompletionResult]::new('connectors', 'connectors', [CompletionResultType]::ParameterValue, 'The built-in connector catalog')
            [CompletionResult]::new('instance', 'instance', [CompletionResultType]::ParameterValue, 'Build, validate and describe instance JSON; the local registry of provisioned instances')
            [CompletionResult]::new('oauth', 'oauth', [CompletionResultType]::ParameterValue, 'The OAuth 2.0 authorization-code flow, through the platform or directly with the provider')
            [CompletionResult]::new('poll', 'poll', [CompletionResultType]::ParameterValue, 'Run the poller: fetch changed records and emit or forward normalized events')
            [CompletionResult]::new('date', 'date', [CompletionResultType]::ParameterValue, 'Evaluate a Java SimpleDateFormat pattern the way the poller does')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Serve a local stand-in for the platform and the four connectors (loopback only)')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'The whole mission end to end on the sandbox, on loopback, in one command')
            [CompletionResult]::new('set-aside', 'set-aside', [CompletionResultType]::ParameterValue, 'Records the poller could not classify (unparseable dates): list them, re-offer them')
            [CompletionResult]::new('state', 'state', [CompletionResultType]::ParameterValue, 'Poll state: migrate the PostgreSQL schema; export and import (JSON Lines) between backends')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pollctl;help;connectors' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the known connectors')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one connector: configuration keys, events, default poller configuration, OAuth endpoints')
            break
        }
        'pollctl;help;connectors;list' {
            break
        }
        'pollctl;help;connectors;show' {
            break
        }
        'pollctl;help;instance' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Build an instance JSON from flags (prompting on a terminal for what is missing)')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check an instance JSON and report every problem with its JSON Pointer and line:column')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema (draft 2020-12) of the instance body')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Print the instance with its legacy `event.poller.urls` converted to the JSON `event.poller.configuration` (the file is not changed)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the provisioned instances in the local registry')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one provisioned instance (the token is redacted unless --reveal)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove a provisioned instance from the local registry (and the platform with --remote)')
            break
        }
        'pollctl;help;instance;create' {
            break
        }
        'pollctl;help;instance;validate' {
            break
        }
        'pollctl;help;instance;schema' {
            break
        }
        'pollctl;help;instance;migrate' {
            break
        }
        'pollctl;help;instance;list' {
            break
        }
        'pollctl;help;instance;show' {
            break
        }
        'pollctl;help;instance;delete' {
            break
        }
        'pollctl;help;oauth' {
            [CompletionResult]::new('url', 'url', [CompletionResultType]::ParameterValue, 'Print the provider''s consent URL (through the platform, or built by pollctl with --direct)')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Run the whole flow: consent in the browser, receive the redirect, then provision the instance on the platform (default), store provider tokens (--direct), or print the code')
            [CompletionResult]::new('exchange', 'exchange', [CompletionResultType]::ParameterValue, 'Exchange an authorization code for tokens at the provider''s token endpoint')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Refresh stored provider tokens')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print a valid access token of stored provider tokens on stdout, refreshing it first when it expires within 5 minutes (for scripts: `curl -H "Authorization: Bearer $(pollctl oauth token me)"`)')
            break
        }
        'pollctl;help;oauth;url' {
            break
        }
        'pollctl;help;oauth;login' {
            break
        }
        'pollctl;help;oauth;exchange' {
            break
        }
        'pollctl;help;oauth;refresh' {
            break
        }
        'pollctl;help;oauth;token' {
            break
        }
        'pollctl;help;poll' {
            break
        }
        'pollctl;help;date' {
            [CompletionResult]::new('parse', 'parse', [CompletionResultType]::ParameterValue, 'Parse TEXT with a pattern; print the instant as RFC 3339 UTC with milliseconds')
            [CompletionResult]::new('format', 'format', [CompletionResultType]::ParameterValue, 'Format INSTANT (RFC 3339, or epoch milliseconds) with a pattern')
            break
        }
        'pollctl;help;date;parse' {
            break
        }
        'pollctl;help;date;format' {
            break
        }
        'pollctl;help;sandbox' {
            break
        }
        'pollctl;help;demo' {
            break
        }
        'pollctl;help;set-aside' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the set-aside records (all instances, or one instance id), with the reason; those queued by `replay` and not yet classified again are marked as queued')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Queue the set-aside records of an instance for its next poll cycle, which classifies them again (fix the date pattern first); records that still fail are set aside again')
            break
        }
        'pollctl;help;set-aside;list' {
            break
        }
        'pollctl;help;set-aside;replay' {
            break
        }
        'pollctl;help;state' {
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Create or upgrade the PostgreSQL state schema (--state / POLLCTL_STATE) to the version this pollctl writes; refuses a schema from a newer pollctl')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write every watermark, ledger and set-aside record as JSON Lines (files or PostgreSQL, per --state), for `state import` into another backend')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Read a `state export` (FILE, or - for stdin) into the state chosen by --state')
            break
        }
        'pollctl;help;state;migrate' {
            break
        }
        'pollctl;help;state;export' {
            break
        }
        'pollctl;help;state;import' {
            break
        }
        'pollctl;help;completions' {
            break
        }
        'pollctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
