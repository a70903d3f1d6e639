# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_pollctl_global_optspecs
    string join \n q/quiet v/verbose no-color no-input base-url= config= state-dir= state= log-format= h/help V/version
end

function __fish_pollctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_pollctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_pollctl_using_subcommand
    set -l cmd (__fish_pollctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c pollctl -n "__fish_pollctl_needs_command" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_needs_command" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_needs_command" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_needs_command" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_needs_command" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_needs_command" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_needs_command" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_needs_command" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_needs_command" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pollctl -n "__fish_pollctl_needs_command" -s V -l version -d 'Print version'
complete -c pollctl -n "__fish_pollctl_needs_command" -f -a "connectors" -d 'The built-in connector catalog'
complete -c pollctl -n "__fish_pollctl_needs_command" -f -a "instance" -d 'Build, validate and describe instance JSON; the local registry of provisioned instances'
complete -c pollctl -n "__fish_pollctl_needs_command" -f -a "oauth" -d 'The OAuth 2.0 authorization-code flow, through the platform or directly with the provider'
complete -c pollctl -n "__fish_pollctl_needs_command" -f -a "poll" -d 'Run the poller: fetch changed records and emit or forward normalized events'
complete -c pollctl -n "__fish_pollctl_needs_command" -f -a "date" -d 'Evaluate a Java SimpleDateFormat pattern the way the poller does'
complete -c pollctl -n "__fish_pollctl_needs_command" -f -a "sandbox" -d 'Serve a local stand-in for the platform and the four connectors (loopback only)'
complete -c pollctl -n "__fish_pollctl_needs_command" -f -a "demo" -d 'The whole mission end to end on the sandbox, on loopback, in one command'
complete -c pollctl -n "__fish_pollctl_needs_command" -f -a "set-aside" -d 'Records the poller could not classify (unparseable dates): list them, re-offer them'
complete -c pollctl -n "__fish_pollctl_needs_command" -f -a "state" -d 'Poll state: migrate the PostgreSQL schema; export and import (JSON Lines) between backends'
complete -c pollctl -n "__fish_pollctl_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c pollctl -n "__fish_pollctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and not __fish_seen_subcommand_from list show help" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and not __fish_seen_subcommand_from list show help" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and not __fish_seen_subcommand_from list show help" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and not __fish_seen_subcommand_from list show help" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and not __fish_seen_subcommand_from list show help" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and not __fish_seen_subcommand_from list show help" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and not __fish_seen_subcommand_from list show help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and not __fish_seen_subcommand_from list show help" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and not __fish_seen_subcommand_from list show help" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and not __fish_seen_subcommand_from list show help" -s h -l help -d 'Print help'
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and not __fish_seen_subcommand_from list show help" -f -a "list" -d 'List the known connectors'
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and not __fish_seen_subcommand_from list show help" -f -a "show" -d 'Show one connector: configuration keys, events, default poller configuration, OAuth endpoints'
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and not __fish_seen_subcommand_from list show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from list" -l format -r -f -a "text\t'Human-readable text'
json\t'JSON for scripts'"
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from list" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from list" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from list" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from list" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from list" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from list" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from show" -l format -r -f -a "text\t'Human-readable text'
json\t'JSON for scripts'"
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from show" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from show" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from show" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from show" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from show" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from show" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the known connectors'
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one connector: configuration keys, events, default poller configuration, OAuth endpoints'
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and not __fish_seen_subcommand_from create validate schema migrate list show delete help" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and not __fish_seen_subcommand_from create validate schema migrate list show delete help" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and not __fish_seen_subcommand_from create validate schema migrate list show delete help" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and not __fish_seen_subcommand_from create validate schema migrate list show delete help" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and not __fish_seen_subcommand_from create validate schema migrate list show delete help" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and not __fish_seen_subcommand_from create validate schema migrate list show delete help" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and not __fish_seen_subcommand_from create validate schema migrate list show delete help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and not __fish_seen_subcommand_from create validate schema migrate list show delete help" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and not __fish_seen_subcommand_from create validate schema migrate list show delete help" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and not __fish_seen_subcommand_from create validate schema migrate list show delete help" -s h -l help -d 'Print help'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and not __fish_seen_subcommand_from create validate schema migrate list show delete help" -f -a "create" -d 'Build an instance JSON from flags (prompting on a terminal for what is missing)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and not __fish_seen_subcommand_from create validate schema migrate list show delete help" -f -a "validate" -d 'Check an instance JSON and report every problem with its JSON Pointer and line:column'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and not __fish_seen_subcommand_from create validate schema migrate list show delete help" -f -a "schema" -d 'Print the JSON Schema (draft 2020-12) of the instance body'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and not __fish_seen_subcommand_from create validate schema migrate list show delete help" -f -a "migrate" -d 'Print the instance with its legacy `event.poller.urls` converted to the JSON `event.poller.configuration` (the file is not changed)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and not __fish_seen_subcommand_from create validate schema migrate list show delete help" -f -a "list" -d 'List the provisioned instances in the local registry'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and not __fish_seen_subcommand_from create validate schema migrate list show delete help" -f -a "show" -d 'Show one provisioned instance (the token is redacted unless --reveal)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and not __fish_seen_subcommand_from create validate schema migrate list show delete help" -f -a "delete" -d 'Remove a provisioned instance from the local registry (and the platform with --remote)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and not __fish_seen_subcommand_from create validate schema migrate list show delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l connector -d 'Connector key (see `pollctl connectors list`): docushareflex, egnyte, sharefile, googlesuite. Asked on a terminal when absent' -r -f -a "docushareflex\t''
egnyte\t''
sharefile\t''
googlesuite\t''"
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l name -d 'Instance name' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l tag -d 'Tag (repeatable)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l set -d 'Configuration value, e.g. `--set subdomain=acme` (repeatable; booleans and numbers typed where the platform expects them). Secrets are refused here: use the *-file flags' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l set-file -d 'A secret configuration value read from FILE, e.g. `--set-file password=pw.txt` (repeatable; `-` reads stdin): for connectors outside the catalog, whose secret keys (`password`, `api-token`…) `--set` refuses' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l api-key -d 'OAuth client id (`oauth.api.key`)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l api-secret-file -d 'File holding the OAuth client secret (`oauth.api.secret`); `-` reads stdin [env: POLLCTL_CLIENT_SECRET] [config: client-secret]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l oauth-callback-url -d 'OAuth redirect URI registered with the provider (`oauth.callback.url`)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l callback-url -d 'Where events are sent (`event.notification.callback.url`)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l refresh-interval -d 'Poll interval in minutes (`event.poller.refresh_interval`, at least 1)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l vendor-type -d '`polling` or `webhook` (`event.vendor.type`)' -r -f -a "polling\t''
webhook\t''"
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l poller-config -d 'Poller configuration JSON file (`event.poller.configuration`); `-` reads stdin; default: the connector\'s' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l code -d 'OAuth authorization code (`providerData.code`)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l code-file -d 'File holding the OAuth authorization code; `-` reads stdin' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l signature-key-file -d 'File holding the notification signature key (`event.notification.signature.key`) [env: POLLCTL_SIGNATURE_KEY] [config: signature-key]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -s o -l output -d 'Write the JSON to FILE (0600, atomically) instead of stdout (`-` = stdout)' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l user-secret-file -d 'With --post: file holding the platform user secret; `-` reads stdin [env: POLLCTL_USER_SECRET] [config: user-secret]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l org-secret-file -d 'With --post: file holding the platform organization secret; `-` reads stdin [env: POLLCTL_ORG_SECRET] [config: org-secret]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l no-events -d 'Disable events (`event.notification.enabled: false`) and omit the poller configuration'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l local-polling -d 'For polling with `pollctl poll` only: write the poller configuration, callback URL and signature key but turn the platform\'s events off (`event.notification.enabled: false`), so the platform\'s hosted poller does not deliver the same changes a second time'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l force -d 'Overwrite FILE given with -o if it exists'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l post -d 'Also provision it: `POST /instances` on the platform (--base-url), then save the instance\'s id and token in the local registry so that `pollctl poll NAME` needs no more flags. Needs the authorization code (--code/--code-file) and the platform secrets'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from validate" -l format -r -f -a "text\t'Human-readable text'
json\t'JSON for scripts'"
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from validate" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from validate" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from validate" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from validate" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from validate" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from validate" -l template -d 'A documentation template: required values that are empty or placeholders (`<Client ID>`, `xxxxxxxx`) are warnings instead of errors'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from validate" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from validate" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from validate" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from validate" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from schema" -l connector -d 'Schema for one connector (required keys, defaults); default: any connector. A key outside the catalog gets the generic schema' -r -f -a "docushareflex\t''
egnyte\t''
sharefile\t''
googlesuite\t''"
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from schema" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from schema" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from schema" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from schema" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from schema" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from schema" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from schema" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from schema" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from schema" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from schema" -s h -l help -d 'Print help'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from migrate" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from migrate" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from migrate" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from migrate" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from migrate" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from migrate" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from migrate" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from migrate" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from migrate" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from list" -l format -r -f -a "text\t'Human-readable text'
json\t'JSON for scripts'"
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from list" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from list" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from list" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from list" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from list" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from list" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from show" -l format -r -f -a "text\t'Human-readable text'
json\t'JSON for scripts'"
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from show" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from show" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from show" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from show" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from show" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from show" -l reveal -d 'Print the instance token too'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from show" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from delete" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from delete" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from delete" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from delete" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from delete" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from delete" -l remote -d 'Also `DELETE /instances/{id}` on the platform'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from delete" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from delete" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from help" -f -a "create" -d 'Build an instance JSON from flags (prompting on a terminal for what is missing)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from help" -f -a "validate" -d 'Check an instance JSON and report every problem with its JSON Pointer and line:column'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from help" -f -a "schema" -d 'Print the JSON Schema (draft 2020-12) of the instance body'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from help" -f -a "migrate" -d 'Print the instance with its legacy `event.poller.urls` converted to the JSON `event.poller.configuration` (the file is not changed)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the provisioned instances in the local registry'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one provisioned instance (the token is redacted unless --reveal)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Remove a provisioned instance from the local registry (and the platform with --remote)'
complete -c pollctl -n "__fish_pollctl_using_subcommand instance; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and not __fish_seen_subcommand_from url login exchange refresh token help" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and not __fish_seen_subcommand_from url login exchange refresh token help" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and not __fish_seen_subcommand_from url login exchange refresh token help" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and not __fish_seen_subcommand_from url login exchange refresh token help" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and not __fish_seen_subcommand_from url login exchange refresh token help" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and not __fish_seen_subcommand_from url login exchange refresh token help" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and not __fish_seen_subcommand_from url login exchange refresh token help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and not __fish_seen_subcommand_from url login exchange refresh token help" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and not __fish_seen_subcommand_from url login exchange refresh token help" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and not __fish_seen_subcommand_from url login exchange refresh token help" -s h -l help -d 'Print help'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and not __fish_seen_subcommand_from url login exchange refresh token help" -f -a "url" -d 'Print the provider\'s consent URL (through the platform, or built by pollctl with --direct)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and not __fish_seen_subcommand_from url login exchange refresh token help" -f -a "login" -d 'Run the whole flow: consent in the browser, receive the redirect, then provision the instance on the platform (default), store provider tokens (--direct), or print the code'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and not __fish_seen_subcommand_from url login exchange refresh token help" -f -a "exchange" -d 'Exchange an authorization code for tokens at the provider\'s token endpoint'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and not __fish_seen_subcommand_from url login exchange refresh token help" -f -a "refresh" -d 'Refresh stored provider tokens'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and not __fish_seen_subcommand_from url login exchange refresh token help" -f -a "token" -d 'Print a valid access token of stored provider tokens on stdout, refreshing it first when it expires within 5 minutes (for scripts: `curl -H "Authorization: Bearer $(pollctl oauth token me)"`)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and not __fish_seen_subcommand_from url login exchange refresh token help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from url" -l connector -d 'Connector key; optional when --instance names it' -r -f -a "docushareflex\t''
egnyte\t''
sharefile\t''
googlesuite\t''"
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from url" -l instance -d 'Instance JSON (from `pollctl instance create`) supplying the client id, secret, callback URL and subdomain' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from url" -l api-key -d 'OAuth client id (default: the instance\'s `oauth.api.key`)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from url" -l api-secret-file -d 'File holding the OAuth client secret; `-` reads stdin [env: POLLCTL_CLIENT_SECRET]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from url" -l subdomain -d 'The tenant subdomain (Egnyte `subdomain`, ShareFile `sharefile.subdomain`, DocuShare Flex `docushare.domain`); default: from the instance' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from url" -l auth-url -d 'Override the provider\'s authorization endpoint (with --direct)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from url" -l token-url -d 'Override the provider\'s token endpoint (with --direct)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from url" -l scope -d 'Scope to request (repeatable; default: the connector\'s)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from url" -l redirect-uri -d 'Redirect URI to put in the URL (default: the instance\'s `oauth.callback.url`)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from url" -l state -d 'The `state` value to send (default: 256 random bits, printed on stderr)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from url" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from url" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from url" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from url" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from url" -l direct -d 'Go to the provider directly instead of through the platform'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from url" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from url" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from url" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from url" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from url" -s h -l help -d 'Print help'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l connector -d 'Connector key; optional when --instance names it' -r -f -a "docushareflex\t''
egnyte\t''
sharefile\t''
googlesuite\t''"
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l instance -d 'Instance JSON (from `pollctl instance create`) supplying the client id, secret, callback URL and subdomain' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l api-key -d 'OAuth client id (default: the instance\'s `oauth.api.key`)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l api-secret-file -d 'File holding the OAuth client secret; `-` reads stdin [env: POLLCTL_CLIENT_SECRET]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l subdomain -d 'The tenant subdomain (Egnyte `subdomain`, ShareFile `sharefile.subdomain`, DocuShare Flex `docushare.domain`); default: from the instance' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l auth-url -d 'Override the provider\'s authorization endpoint (with --direct)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l token-url -d 'Override the provider\'s token endpoint (with --direct)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l scope -d 'Scope to request (repeatable; default: the connector\'s)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l redirect-port -d 'Port of the loopback listener on 127.0.0.1 (0 = any free port)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l redirect-uri -d 'Exact redirect URI registered with the provider. A loopback http URI is listened on; any other (https) URI switches to paste mode' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l timeout -d 'How long to wait for the redirect' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l name -d 'Registry name for the provisioned instance / the stored tokens (default: the instance\'s name or the connector key)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l user-secret-file -d 'Files holding the platform secrets [env: POLLCTL_USER_SECRET / POLLCTL_ORG_SECRET]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l org-secret-file -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l direct -d 'Go to the provider directly instead of through the platform'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l no-browser -d 'Do not open a browser: print the URL on stderr and read the redirected URL (or the code) from stdin'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l print-code -d 'Print the authorization code on stdout and stop'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from login" -s h -l help -d 'Print help'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from exchange" -l connector -d 'Connector key; optional when --instance names it' -r -f -a "docushareflex\t''
egnyte\t''
sharefile\t''
googlesuite\t''"
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from exchange" -l instance -d 'Instance JSON (from `pollctl instance create`) supplying the client id, secret, callback URL and subdomain' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from exchange" -l api-key -d 'OAuth client id (default: the instance\'s `oauth.api.key`)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from exchange" -l api-secret-file -d 'File holding the OAuth client secret; `-` reads stdin [env: POLLCTL_CLIENT_SECRET]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from exchange" -l subdomain -d 'The tenant subdomain (Egnyte `subdomain`, ShareFile `sharefile.subdomain`, DocuShare Flex `docushare.domain`); default: from the instance' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from exchange" -l auth-url -d 'Override the provider\'s authorization endpoint (with --direct)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from exchange" -l token-url -d 'Override the provider\'s token endpoint (with --direct)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from exchange" -l scope -d 'Scope to request (repeatable; default: the connector\'s)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from exchange" -l code-file -d 'File holding the authorization code; `-` reads stdin' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from exchange" -l redirect-uri -d 'The redirect URI used in the authorization request (some providers require it)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from exchange" -l code-verifier-file -d 'File holding the PKCE code verifier, if one was used' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from exchange" -l name -d 'Name under which the tokens are stored (default: the connector key)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from exchange" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from exchange" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from exchange" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from exchange" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from exchange" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from exchange" -l direct -d 'Go to the provider directly instead of through the platform'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from exchange" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from exchange" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from exchange" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from exchange" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from exchange" -s h -l help -d 'Print help'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from refresh" -l api-secret-file -d 'File holding the OAuth client secret; `-` reads stdin [env: POLLCTL_CLIENT_SECRET]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from refresh" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from refresh" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from refresh" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from refresh" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from refresh" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from refresh" -l force -d 'Refresh even when the access token is not about to expire'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from refresh" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from refresh" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from refresh" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from refresh" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from refresh" -s h -l help -d 'Print help'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from token" -l api-secret-file -d 'File holding the OAuth client secret, needed when a refresh is due; `-` reads stdin [env: POLLCTL_CLIENT_SECRET]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from token" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from token" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from token" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from token" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from token" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from token" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from token" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from token" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from token" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from token" -s h -l help -d 'Print help'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from help" -f -a "url" -d 'Print the provider\'s consent URL (through the platform, or built by pollctl with --direct)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from help" -f -a "login" -d 'Run the whole flow: consent in the browser, receive the redirect, then provision the instance on the platform (default), store provider tokens (--direct), or print the code'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from help" -f -a "exchange" -d 'Exchange an authorization code for tokens at the provider\'s token endpoint'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from help" -f -a "refresh" -d 'Refresh stored provider tokens'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from help" -f -a "token" -d 'Print a valid access token of stored provider tokens on stdout, refreshing it first when it expires within 5 minutes (for scripts: `curl -H "Authorization: Bearer $(pollctl oauth token me)"`)'
complete -c pollctl -n "__fish_pollctl_using_subcommand oauth; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l resource -d 'Poll only this resource (repeatable)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l param -d 'Value for a `{placeholder}` in resource URLs, e.g. `--param calendarId=primary` (repeatable)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l since -d 'Start the first window at TIME (RFC 3339, or a duration ago such as `2h`) instead of now minus the refresh interval; with saved state, moves the watermark to TIME' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l interval -d 'Time between cycles, overriding `event.poller.refresh_interval` (e.g. `30s`, `5m`)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l concurrency -d 'How many resources are polled at once' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l lease -d 'With PostgreSQL state: how long a resource\'s lease lasts without renewal (renewed every third of it while held); a dead worker\'s resources move to another after this' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l format -d 'Output format of events on stdout' -r -f -a "jsonl\t'One JSON object per line (JSON Lines)'
pretty\t'Readable lines for people'"
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l metrics-listen -d 'Serve Prometheus metrics on /metrics, liveness on /healthz and readiness on /readyz at ADDR (IP:PORT, e.g. 127.0.0.1:9464) [env: POLLCTL_METRICS_LISTEN]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l health-stall -d 'With --metrics-listen: /healthz answers 503 once the loop made no progress for this long [default: twice the longest interval plus 5 minutes]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l forward-to -d 'Forward events to URL instead of printing them' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l signature-scheme -d 'Signature headers sent when forwarding with a signature key' -r -f -a "elements\t'`Elements-Webhook-Signature: sha256=<base64 HMAC-SHA256 of the body>` (the platform\'s)'
standard-webhooks\t'Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l signature-key-file -d 'File holding the signature key [env: POLLCTL_SIGNATURE_KEY]; default: the instance\'s `event.notification.signature.key`' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l user-secret-file -d 'File holding the platform user secret [env: POLLCTL_USER_SECRET]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l org-secret-file -d 'File holding the platform organization secret [env: POLLCTL_ORG_SECRET]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l element-token-file -d 'File holding the instance token [env: POLLCTL_ELEMENT_TOKEN]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l timeout -d 'Per-request timeout (fetch and forward)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l in-flight -d 'Forwarding: notifications of one resource written on one HTTP/1.1 connection before the first is answered (answers come in order; after a failure, the ones behind it are sent again). 1, the default: each waits for the previous answer' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l max-retries -d 'Retries per request after the first attempt (connection errors, 408, 429, 5xx)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l max-pages -d 'Pages one cycle of one resource follows at most; a longer chain (or a page token the server already returned in the cycle) is an error (exit 1) and nothing is committed' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l max-page-size -d 'The largest page a hub may send, in MiB; a larger page is an error (exit 1) and nothing is committed (a guard against endless bodies: pages are read record by record, so memory does not follow the page size)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l registry -d 'Also poll every provisioned instance of the registry (with PostgreSQL state, the registry in that database; else the state directory\'s)'
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l once -d 'Run one cycle of every resource, then exit (0, or the code of the worst failure)'
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l from-start -d 'No lower bound for the first window (fetch everything)'
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l reset -d 'Forget saved state (watermark and ledger) before polling'
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l dry-run -d 'Print what would be fetched and emitted; never write state or forward'
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l forward -d 'Forward events to the instance\'s `event.notification.callback.url` instead of printing'
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l strict-dates -d 'Fail the resource (exit 3, nothing committed) on a record whose date cannot be parsed, instead of reporting, counting and skipping it'
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand poll" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and not __fish_seen_subcommand_from parse format help" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and not __fish_seen_subcommand_from parse format help" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and not __fish_seen_subcommand_from parse format help" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and not __fish_seen_subcommand_from parse format help" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and not __fish_seen_subcommand_from parse format help" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and not __fish_seen_subcommand_from parse format help" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and not __fish_seen_subcommand_from parse format help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and not __fish_seen_subcommand_from parse format help" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and not __fish_seen_subcommand_from parse format help" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and not __fish_seen_subcommand_from parse format help" -s h -l help -d 'Print help'
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and not __fish_seen_subcommand_from parse format help" -f -a "parse" -d 'Parse TEXT with a pattern; print the instant as RFC 3339 UTC with milliseconds'
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and not __fish_seen_subcommand_from parse format help" -f -a "format" -d 'Format INSTANT (RFC 3339, or epoch milliseconds) with a pattern'
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and not __fish_seen_subcommand_from parse format help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from parse" -s f -l format -d 'Java SimpleDateFormat pattern, or `milliseconds` for epoch milliseconds' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from parse" -l tz -d 'Zone used when the text carries none (IANA name, GMT/UTC, offset, abbreviation)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from parse" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from parse" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from parse" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from parse" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from parse" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from parse" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from parse" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from parse" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from parse" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from parse" -s h -l help -d 'Print help'
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from format" -s f -l format -d 'Java SimpleDateFormat pattern, or `milliseconds` for epoch milliseconds' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from format" -l tz -d 'Zone to render the instant in' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from format" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from format" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from format" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from format" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from format" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from format" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from format" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from format" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from format" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from format" -s h -l help -d 'Print help'
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from help" -f -a "parse" -d 'Parse TEXT with a pattern; print the instant as RFC 3339 UTC with milliseconds'
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from help" -f -a "format" -d 'Format INSTANT (RFC 3339, or epoch milliseconds) with a pattern'
complete -c pollctl -n "__fish_pollctl_using_subcommand date; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pollctl -n "__fish_pollctl_using_subcommand sandbox" -l port -d 'Port on 127.0.0.1 (0 = any free port). The base URL is the first line on stdout' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand sandbox" -l seed -d 'Seed of the generated records (same seed, same data)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand sandbox" -l faults -d 'Faults to inject, e.g. `429:0.1,500:0.05,slow:0.02,garbage:0.01` (kind:probability)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand sandbox" -l listen -d 'Listen on this address instead of 127.0.0.1 (not loopback: a warning is printed)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand sandbox" -l receiver-key-file -d 'File holding the key the receiver (`POST {base}/receiver`) verifies signatures with [env: POLLCTL_SIGNATURE_KEY]; default: the key of the instance named in the notification' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand sandbox" -l slow-delay -d 'Delay of a `slow` fault' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand sandbox" -l history -d 'How far back generated records exist (before the sandbox started)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand sandbox" -l recent -d 'What a resource without a date macro in its URL returns: the changes of this long ago (Egnyte\'s events, Google\'s changed-* resources)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand sandbox" -l clock -d 'Run on a manual clock starting at TIME (RFC 3339) instead of the system clock; move it with `POST {base}/sandbox/clock {"advance": "5m"}` (deterministic tests)' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand sandbox" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand sandbox" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand sandbox" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand sandbox" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand sandbox" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand sandbox" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand sandbox" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand sandbox" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand sandbox" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand sandbox" -s h -l help -d 'Print help'
complete -c pollctl -n "__fish_pollctl_using_subcommand demo" -l format -r -f -a "text\t'Human-readable text'
json\t'JSON for scripts'"
complete -c pollctl -n "__fish_pollctl_using_subcommand demo" -l seed -d 'Seed of the sandbox\'s generated records' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand demo" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand demo" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand demo" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand demo" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand demo" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand demo" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand demo" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand demo" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand demo" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand demo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and not __fish_seen_subcommand_from list replay help" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and not __fish_seen_subcommand_from list replay help" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and not __fish_seen_subcommand_from list replay help" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and not __fish_seen_subcommand_from list replay help" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and not __fish_seen_subcommand_from list replay help" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and not __fish_seen_subcommand_from list replay help" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and not __fish_seen_subcommand_from list replay help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and not __fish_seen_subcommand_from list replay help" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and not __fish_seen_subcommand_from list replay help" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and not __fish_seen_subcommand_from list replay help" -s h -l help -d 'Print help'
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and not __fish_seen_subcommand_from list replay help" -f -a "list" -d 'List the set-aside records (all instances, or one instance id), with the reason; those queued by `replay` and not yet classified again are marked as queued'
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and not __fish_seen_subcommand_from list replay help" -f -a "replay" -d 'Queue the set-aside records of an instance for its next poll cycle, which classifies them again (fix the date pattern first); records that still fail are set aside again'
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and not __fish_seen_subcommand_from list replay help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from list" -l format -r -f -a "text\t'Human-readable text'
json\t'JSON for scripts'"
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from list" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from list" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from list" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from list" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from list" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from list" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from replay" -l resource -d 'Only this resource' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from replay" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from replay" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from replay" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from replay" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from replay" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from replay" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from replay" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from replay" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from replay" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from replay" -s h -l help -d 'Print help'
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the set-aside records (all instances, or one instance id), with the reason; those queued by `replay` and not yet classified again are marked as queued'
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from help" -f -a "replay" -d 'Queue the set-aside records of an instance for its next poll cycle, which classifies them again (fix the date pattern first); records that still fail are set aside again'
complete -c pollctl -n "__fish_pollctl_using_subcommand set-aside; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and not __fish_seen_subcommand_from migrate export import help" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and not __fish_seen_subcommand_from migrate export import help" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and not __fish_seen_subcommand_from migrate export import help" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and not __fish_seen_subcommand_from migrate export import help" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and not __fish_seen_subcommand_from migrate export import help" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and not __fish_seen_subcommand_from migrate export import help" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and not __fish_seen_subcommand_from migrate export import help" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and not __fish_seen_subcommand_from migrate export import help" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and not __fish_seen_subcommand_from migrate export import help" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and not __fish_seen_subcommand_from migrate export import help" -s h -l help -d 'Print help'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and not __fish_seen_subcommand_from migrate export import help" -f -a "migrate" -d 'Create or upgrade the PostgreSQL state schema (--state / POLLCTL_STATE) to the version this pollctl writes; refuses a schema from a newer pollctl'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and not __fish_seen_subcommand_from migrate export import help" -f -a "export" -d 'Write every watermark, ledger and set-aside record as JSON Lines (files or PostgreSQL, per --state), for `state import` into another backend'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and not __fish_seen_subcommand_from migrate export import help" -f -a "import" -d 'Read a `state export` (FILE, or - for stdin) into the state chosen by --state'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and not __fish_seen_subcommand_from migrate export import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from migrate" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from migrate" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from migrate" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from migrate" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from migrate" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from migrate" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from migrate" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from migrate" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from migrate" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from export" -s o -l output -d 'Write here (0600) instead of stdout' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from export" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from export" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from export" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from export" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from export" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from export" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from export" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from export" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from import" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from import" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from import" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from import" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from import" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from import" -l replace -d 'Overwrite state that already exists for a resource (refused otherwise)'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from import" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from import" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from import" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from help" -f -a "migrate" -d 'Create or upgrade the PostgreSQL state schema (--state / POLLCTL_STATE) to the version this pollctl writes; refuses a schema from a newer pollctl'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write every watermark, ledger and set-aside record as JSON Lines (files or PostgreSQL, per --state), for `state import` into another backend'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from help" -f -a "import" -d 'Read a `state export` (FILE, or - for stdin) into the state chosen by --state'
complete -c pollctl -n "__fish_pollctl_using_subcommand state; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pollctl -n "__fish_pollctl_using_subcommand completions" -l base-url -d 'Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand completions" -l config -d 'Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand completions" -l state-dir -d 'Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR]' -r -F
complete -c pollctl -n "__fish_pollctl_using_subcommand completions" -l state -d 'Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by many machines; see docs/state.md) [env: POLLCTL_STATE]' -r
complete -c pollctl -n "__fish_pollctl_using_subcommand completions" -l log-format -d 'Log lines on stderr: text, or json (one object per line, for log shippers) [env: POLLCTL_LOG_FORMAT] [default: text]' -r -f -a "text\t'Lines for people'
json\t'One JSON object per line: `timestamp`, `level`, `fields.message`, `target`'"
complete -c pollctl -n "__fish_pollctl_using_subcommand completions" -s q -l quiet -d 'Print only data and errors (no progress, no summaries)'
complete -c pollctl -n "__fish_pollctl_using_subcommand completions" -s v -l verbose -d 'More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work'
complete -c pollctl -n "__fish_pollctl_using_subcommand completions" -l no-color -d 'Never use colour (NO_COLOR is honoured too)'
complete -c pollctl -n "__fish_pollctl_using_subcommand completions" -l no-input -d 'Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin)'
complete -c pollctl -n "__fish_pollctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and not __fish_seen_subcommand_from connectors instance oauth poll date sandbox demo set-aside state completions help" -f -a "connectors" -d 'The built-in connector catalog'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and not __fish_seen_subcommand_from connectors instance oauth poll date sandbox demo set-aside state completions help" -f -a "instance" -d 'Build, validate and describe instance JSON; the local registry of provisioned instances'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and not __fish_seen_subcommand_from connectors instance oauth poll date sandbox demo set-aside state completions help" -f -a "oauth" -d 'The OAuth 2.0 authorization-code flow, through the platform or directly with the provider'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and not __fish_seen_subcommand_from connectors instance oauth poll date sandbox demo set-aside state completions help" -f -a "poll" -d 'Run the poller: fetch changed records and emit or forward normalized events'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and not __fish_seen_subcommand_from connectors instance oauth poll date sandbox demo set-aside state completions help" -f -a "date" -d 'Evaluate a Java SimpleDateFormat pattern the way the poller does'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and not __fish_seen_subcommand_from connectors instance oauth poll date sandbox demo set-aside state completions help" -f -a "sandbox" -d 'Serve a local stand-in for the platform and the four connectors (loopback only)'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and not __fish_seen_subcommand_from connectors instance oauth poll date sandbox demo set-aside state completions help" -f -a "demo" -d 'The whole mission end to end on the sandbox, on loopback, in one command'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and not __fish_seen_subcommand_from connectors instance oauth poll date sandbox demo set-aside state completions help" -f -a "set-aside" -d 'Records the poller could not classify (unparseable dates): list them, re-offer them'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and not __fish_seen_subcommand_from connectors instance oauth poll date sandbox demo set-aside state completions help" -f -a "state" -d 'Poll state: migrate the PostgreSQL schema; export and import (JSON Lines) between backends'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and not __fish_seen_subcommand_from connectors instance oauth poll date sandbox demo set-aside state completions help" -f -a "completions" -d 'Print shell completions'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and not __fish_seen_subcommand_from connectors instance oauth poll date sandbox demo set-aside state completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and __fish_seen_subcommand_from connectors" -f -a "list" -d 'List the known connectors'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and __fish_seen_subcommand_from connectors" -f -a "show" -d 'Show one connector: configuration keys, events, default poller configuration, OAuth endpoints'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and __fish_seen_subcommand_from instance" -f -a "create" -d 'Build an instance JSON from flags (prompting on a terminal for what is missing)'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and __fish_seen_subcommand_from instance" -f -a "validate" -d 'Check an instance JSON and report every problem with its JSON Pointer and line:column'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and __fish_seen_subcommand_from instance" -f -a "schema" -d 'Print the JSON Schema (draft 2020-12) of the instance body'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and __fish_seen_subcommand_from instance" -f -a "migrate" -d 'Print the instance with its legacy `event.poller.urls` converted to the JSON `event.poller.configuration` (the file is not changed)'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and __fish_seen_subcommand_from instance" -f -a "list" -d 'List the provisioned instances in the local registry'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and __fish_seen_subcommand_from instance" -f -a "show" -d 'Show one provisioned instance (the token is redacted unless --reveal)'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and __fish_seen_subcommand_from instance" -f -a "delete" -d 'Remove a provisioned instance from the local registry (and the platform with --remote)'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and __fish_seen_subcommand_from oauth" -f -a "url" -d 'Print the provider\'s consent URL (through the platform, or built by pollctl with --direct)'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and __fish_seen_subcommand_from oauth" -f -a "login" -d 'Run the whole flow: consent in the browser, receive the redirect, then provision the instance on the platform (default), store provider tokens (--direct), or print the code'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and __fish_seen_subcommand_from oauth" -f -a "exchange" -d 'Exchange an authorization code for tokens at the provider\'s token endpoint'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and __fish_seen_subcommand_from oauth" -f -a "refresh" -d 'Refresh stored provider tokens'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and __fish_seen_subcommand_from oauth" -f -a "token" -d 'Print a valid access token of stored provider tokens on stdout, refreshing it first when it expires within 5 minutes (for scripts: `curl -H "Authorization: Bearer $(pollctl oauth token me)"`)'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and __fish_seen_subcommand_from date" -f -a "parse" -d 'Parse TEXT with a pattern; print the instant as RFC 3339 UTC with milliseconds'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and __fish_seen_subcommand_from date" -f -a "format" -d 'Format INSTANT (RFC 3339, or epoch milliseconds) with a pattern'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and __fish_seen_subcommand_from set-aside" -f -a "list" -d 'List the set-aside records (all instances, or one instance id), with the reason; those queued by `replay` and not yet classified again are marked as queued'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and __fish_seen_subcommand_from set-aside" -f -a "replay" -d 'Queue the set-aside records of an instance for its next poll cycle, which classifies them again (fix the date pattern first); records that still fail are set aside again'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and __fish_seen_subcommand_from state" -f -a "migrate" -d 'Create or upgrade the PostgreSQL state schema (--state / POLLCTL_STATE) to the version this pollctl writes; refuses a schema from a newer pollctl'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and __fish_seen_subcommand_from state" -f -a "export" -d 'Write every watermark, ledger and set-aside record as JSON Lines (files or PostgreSQL, per --state), for `state import` into another backend'
complete -c pollctl -n "__fish_pollctl_using_subcommand help; and __fish_seen_subcommand_from state" -f -a "import" -d 'Read a `state export` (FILE, or - for stdin) into the state chosen by --state'
# positional values (added by pollctl: clap_complete's fish generator has none)
complete -c pollctl -n "__fish_pollctl_using_subcommand connectors; and __fish_seen_subcommand_from show" -f -a "docushareflex egnyte sharefile googlesuite"
complete -c pollctl -n "__fish_pollctl_using_subcommand completions" -f -a "bash elvish fish powershell zsh"
