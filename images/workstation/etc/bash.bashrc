# System-wide bashrc of the workstation: interactive shells only. The learner's own ~/.bashrc
# (the platform's, as in the embedded terminal) sources this first.
[ -z "$PS1" ] && return
shopt -s checkwinsize
if ! shopt -oq posix && [ -f /usr/share/bash-completion/bash_completion ]; then
  . /usr/share/bash-completion/bash_completion
fi
