# bash completion for lectern(1): subcommands, options, deck files (*.ini),
# Markdown files for import, slide ids after --goto (read from the
# [section] lines of the deck on the command line), theme names after
# --theme (with the user themes of the config file) and --color values.

# Prints the slide ids of deck file $1, one a line.
_lectern_slide_ids()
{
	[[ -r $1 ]] || return 0
	sed -n 's/^[[:space:]]*\[\([A-Za-z0-9_-]*\)\][[:space:]]*$/\1/p' -- "$1" 2>/dev/null |
		tr 'A-Z' 'a-z' | grep -vx 'deck'
}

# The theme names: the built-in ones and the [theme-NAME] sections of the
# user's config file.
_lectern_themes()
{
	local cfg=${XDG_CONFIG_HOME:-$HOME/.config}/lectern/config.ini
	[[ ${XDG_CONFIG_HOME:-} == /* ]] || cfg=$HOME/.config/lectern/config.ini
	echo dark light high-contrast
	[[ -r $cfg ]] || return 0
	sed -n 's/^[[:space:]]*\[theme-\([A-Za-z0-9_-]*\)\][[:space:]]*$/\1/p' -- "$cfg" 2>/dev/null |
		tr 'A-Z' 'a-z'
}

# Options of command $1, and those of them taking a value.
_lectern_opts()
{
	case $1 in
	present) echo "--lang --clock --watch --presenter --goto --duration --end --start-at --auto --theme --list --session --no-listen --plain --captions --audience --audience-max --help" ;;
	rehearse) echo "--lang --duration --end --start-at --auto --goto --theme --list --watch --clock --session --no-listen --plain --captions --audience --audience-max --help" ;;
	console) echo "--session --list --exit-with --lang --theme --help" ;;
	follow) echo "--session --socket --exit-with --plain --lang --theme --help" ;;
	export) echo "--format --width --notes --backup --no-notes --no-backup --lang --output --force --color --help" ;;
	import) echo "--output --force --help" ;;
	check) echo "--strict --size --lang --color --config --times --help" ;;
	plan) echo "--from --last --include-incomplete --fit --write --backup --dry-run --help" ;;
	report) echo "--lang --last --format --color --help" ;;
	esac
}

_lectern_takes_value()
{
	case $1 in
	--lang | --goto | --duration | --end | --session | --format | --width | --output | --socket | --audience-max | \
		--size | --last | --theme | --color | --start-at | --from | --fit | --backup | --captions | -w | -l | -o | -F) return 0 ;;
	esac
	return 1
}

_lectern()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local cmds="present rehearse export import check report plan console follow help"
	local cmd="" deck="" i w
	COMPREPLY=()
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if _lectern_takes_value "$w"; then
			# "--opt value", or "--opt = value" when '=' breaks words
			[[ ${COMP_WORDS[i + 1]} == "=" ]] && ((i++))
			((i++))
			continue
		fi
		case $w in
		-*) ;;
		*)
			if [[ -z $cmd && " $cmds " == *" $w "* ]]; then
				cmd=$w
			elif [[ -z $deck ]]; then
				deck=$w
			fi
			;;
		esac
	done
	local implied=${cmd:-present}

	# values of options, as "--opt value" or "--opt=value"
	local opt=$prev val=$cur
	if [[ $cur == --*=* ]]; then
		opt=${cur%%=*}
		val=${cur#*=}
	elif [[ $prev == "=" ]]; then
		opt=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == "=" ]]; then
		opt=$prev
		val=""
	elif ! _lectern_takes_value "$prev"; then
		opt=""
	fi
	case $opt in
	--lang | -l)
		COMPREPLY=($(compgen -W "zh en" -- "$val"))
		return
		;;
	--format | -F)
		if [[ $implied == report ]]; then
			COMPREPLY=($(compgen -W "text tsv json" -- "$val"))
		else
			COMPREPLY=($(compgen -W "text markdown html" -- "$val"))
		fi
		return
		;;
	--goto)
		COMPREPLY=($(compgen -W "$(_lectern_slide_ids "$deck")" -- "$val"))
		return
		;;
	--theme)
		COMPREPLY=($(compgen -W "$(_lectern_themes)" -- "$val"))
		return
		;;
	--captions)
		COMPREPLY=($(compgen -f -- "$val"))
		return
		;;
	--color)
		COMPREPLY=($(compgen -W "auto always never" -- "$val"))
		return
		;;
	--from)
		COMPREPLY=($(compgen -W "median last notes" -- "$val"))
		return
		;;
	--fit)
		COMPREPLY=($(compgen -W "deck" -- "$val"))
		return
		;;
	--output | -o | --backup)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$val"))
		return
		;;
	--width | -w | --duration | --end | --start-at | --session | --size | --last)
		return
		;;
	esac

	if [[ $cur == -* ]]; then
		local opts
		opts=$(_lectern_opts "$implied")
		[[ -z $cmd ]] && opts="$opts --version"
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	if [[ $cmd == help ]]; then
		[[ -z $deck ]] && COMPREPLY=($(compgen -W "$cmds" -- "$cur"))
		return
	fi
	compopt -o filenames 2>/dev/null
	local pattern='!*.ini'
	[[ $cmd == import ]] && pattern='!*.@(md|markdown)'
	if [[ -z $cmd && -z $deck ]]; then
		COMPREPLY=($(compgen -W "$cmds" -- "$cur"))
	fi
	COMPREPLY+=($(compgen -d -- "$cur") $(shopt -s extglob; compgen -f -X "$pattern" -- "$cur"))
}

complete -F _lectern lectern
