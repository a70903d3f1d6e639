# zsh -f capture.zsh FPATH_DIR "command line": the matches zsh's completion offers, one a line.
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PROMPT='>'; RPROMPT=''; TERM=dumb"
zpty -w z "fpath=(${(q)1} \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z 'compadd () { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi; typeset -a __hits; builtin compadd -A __hits "$@"; local h; for h in $__hits; do print -r -- "<HIT>$h</HIT>"; done; return 1; }'
zpty -w z '_capture_widget() { zle complete-word; print -r -- "<E""ND>"; }; zle -N _capture_widget; bindkey "^I" _capture_widget'
zpty -w z 'print -r -- "<RE""ADY>"'
local line
while zpty -r z line; do [[ $line == *'<READY>'* ]] && break; done
zpty -w -n z "$2"$'\t'
while zpty -r z line; do
  [[ $line == *'<END>'* ]] && break
  print -r -- "$line"
done | grep -o '<HIT>[^<]*</HIT>' | sed -e 's/<HIT>//' -e 's/<\/HIT>//' | sort -u
zpty -d z
