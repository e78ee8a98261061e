# bash completion for mutu(1) and its commands mutu-init, mutu-member,
# mutu-offer, mutu-need and mutu-show.
#
# Record ids come from `mutu-offer list --status all --format ids` (or
# mutu-need) run in the commons the command line names (-C DIR, else the
# current directory, else MUTU_DIR); outside a commons nothing is offered.
# Works with or without the bash-completion package.

_mutu_kinds='tool skill space time material service event other'
_mutu_formats='table tsv json yaml ids'
_mutu_common_opts='-C --directory --format -q --quiet -h --help --version'

# _mutu_compgen WORDS: offer WORDS that start with $cur.
_mutu_compgen()
{
	local IFS=$' \t\n'
	COMPREPLY+=($(compgen -W "$1" -- "$cur"))
}

_mutu_files()
{
	if declare -F _filedir >/dev/null 2>&1; then
		_filedir "$@"
	else
		local IFS=$'\n'
		if [[ $1 == -d ]]; then
			COMPREPLY+=($(compgen -d -- "$cur"))
		else
			COMPREPLY+=($(compgen -f -- "$cur"))
		fi
		compopt -o filenames 2>/dev/null
	fi
}

# Run a mutu command quietly in the commons of the command line.
_mutu_run()
{
	local prog=$1
	shift
	if [[ -n $_mutu_dir ]]; then
		"$prog" -C "$_mutu_dir" "$@" 2>/dev/null
	else
		"$prog" "$@" 2>/dev/null
	fi
}

# _mutu_ids offer|need|any: ids (whole ones, any status) starting with $cur.
_mutu_ids()
{
	local ids t
	if [[ $1 == any ]]; then
		for t in offer need; do
			ids+=" $(_mutu_run "mutu-$t" list --status all --format ids </dev/null)"
		done
	else
		ids=$(_mutu_run "mutu-$1" list --status all --format ids </dev/null) || true
	fi
	[[ -n ${ids// /} ]] && _mutu_compgen "$ids"
}

_mutu_handles()
{
	local handles
	handles=$(_mutu_run mutu-member list --format ids </dev/null) || true
	[[ -n $handles ]] && _mutu_compgen "$handles"
}

# Complete the words of one mutu-<noun> command; $1 is the noun and
# words/cword hold that command's words (words[0] is the command).
_mutu_noun()
{
	local noun=$1 verb= i w nargs=0 opts= prev2=
	local -a args=()

	# Find the verb and any -C DIR; count positional arguments.
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		case $w in
		-C | --directory)
			[[ ${words[i + 1]} == = ]] && ((i++))
			((i + 1 < cword)) && _mutu_dir=${words[i + 1]}
			((i++))
			continue
			;;
		-C?*) _mutu_dir=${w#-C}; continue ;;
		--format | --kind | --status | --sort | --tag | --author | --grep | --limit | --title | \
			--body | --body-file | --location | --availability | --yaml | --set | --add-tag | \
			--remove-tag | --reason | --name | --email | --member | --fullname | --key | --role | \
			-k | -s | -a | -g | -n | -t | -b | -r | -m | -e)
			[[ ${words[i + 1]} == = ]] && ((i++))
			((i++))
			continue
			;;
		-*) continue ;;
		esac
		if [[ $noun != init && $noun != show && -z $verb ]]; then
			verb=$w
		else
			args+=("$w")
			((nargs++))
		fi
	done

	# Values of options.
	case $prev in
	-C | --directory) _mutu_files -d; return ;;
	--format) _mutu_compgen "$_mutu_formats"; return ;;
	-k | --kind) _mutu_compgen "$_mutu_kinds"; return ;;
	-s | --status) _mutu_compgen 'open closed all'; return ;;
	--sort)
		if [[ $noun == member ]]; then _mutu_compgen 'handle joined'; else _mutu_compgen 'created updated title'; fi
		return
		;;
	-a | --author) _mutu_handles; return ;;
	--body-file | --yaml | --key) _mutu_files; return ;;
	--set)
		_mutu_compgen 'title= kind= tags= body= location= availability='
		compopt -o nospace 2>/dev/null
		return
		;;
	--tag | --add-tag | --remove-tag | -g | --grep | -n | --limit | -t | --title | -b | --body | \
		--location | --availability | -r | --reason | --name | --email | -m | --member | \
		--fullname | --role)
		return
		;;
	esac
	# --set kind=<TAB>: the line splits at '=' into "kind" "=" "".
	if [[ $prev == = && ${words[cword - 2]} == kind && ${words[cword - 3]} == --set ]]; then
		_mutu_compgen "$_mutu_kinds"
		return
	fi

	case $noun in
	init)
		if [[ $cur == -* ]]; then
			_mutu_compgen "-n --name -m --member -e --email --fullname --bare $_mutu_common_opts"
		else
			_mutu_files -d
		fi
		return
		;;
	show)
		if [[ $cur == -* ]]; then
			_mutu_compgen "--stdin $_mutu_common_opts"
		else
			_mutu_ids any
		fi
		return
		;;
	member)
		if [[ -z $verb ]]; then
			if [[ $cur == -* ]]; then
				_mutu_compgen "$_mutu_common_opts"
			else
				_mutu_compgen 'add list show help'
			fi
			return
		fi
		case $verb in
		add) opts='-n --name -e --email --key --role' ;;
		list) opts='-g --grep --sort -n --limit' ;;
		show)
			opts='--stdin'
			[[ $cur != -* ]] && { _mutu_handles; return; }
			;;
		help) ((nargs == 0)) && _mutu_compgen 'add list show'; return ;;
		esac
		;;
	offer | need)
		if [[ -z $verb ]]; then
			if [[ $cur == -* ]]; then
				_mutu_compgen "$_mutu_common_opts"
			else
				_mutu_compgen 'add list show edit close reopen help'
			fi
			return
		fi
		case $verb in
		add) opts='-t --title -k --kind --tag -b --body --body-file --location --availability --yaml' ;;
		list) opts='-s --status -k --kind --tag -a --author -g --grep --sort -n --limit' ;;
		show) opts='--stdin' ;;
		edit) opts='--set --add-tag --remove-tag' ;;
		close) opts='-r --reason' ;;
		help) ((nargs == 0)) && _mutu_compgen 'add list show edit close reopen'; return ;;
		esac
		case $verb in
		show)
			if [[ $cur != -* ]]; then
				_mutu_ids "$noun"
				return
			fi
			;;
		edit | close | reopen)
			if ((nargs == 0)) && [[ $cur != -* ]]; then
				_mutu_ids "$noun"
				return
			fi
			;;
		esac
		;;
	*)
		return
		;;
	esac
	[[ $cur == -* ]] && _mutu_compgen "$opts $_mutu_common_opts"
}

# Set cur, prev, words and cword from COMP_WORDS/COMP_CWORD, keeping
# "--opt=value" apart as readline splits it ("--opt" "=" "value").
_mutu_init_words()
{
	words=("${COMP_WORDS[@]}")
	cword=$COMP_CWORD
	cur=${words[cword]}
	prev=${words[cword - 1]}
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = && ${words[cword - 2]} == -* ]]; then
		prev=${words[cword - 2]}
	fi
}

# mutu-init, mutu-member, mutu-offer, mutu-need, mutu-show
_mutu_command()
{
	local cur prev words cword _mutu_dir=
	COMPREPLY=()
	_mutu_init_words
	local cmd=${words[0]##*/}
	_mutu_noun "${cmd#mutu-}"
}

# mutu: the dispatcher
_mutu()
{
	local cur prev words cword _mutu_dir= i w
	COMPREPLY=()
	_mutu_init_words

	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		case $w in
		-C)
			_mutu_dir=${words[i + 1]}
			((i++))
			;;
		-*) ;;
		--format)
			((i++))
			;;
		help)
			((i == cword - 1)) && _mutu_compgen 'init member offer need show'
			return
			;;
		*)
			# Hand the rest of the line to mutu-<w>'s completion.
			words=("mutu-$w" "${words[@]:i+1}")
			((cword -= i))
			_mutu_noun "$w"
			return
			;;
		esac
	done
	case $prev in
	-C) _mutu_files -d; return ;;
	--format) _mutu_compgen "$_mutu_formats"; return ;;
	esac
	if [[ $cur == -* ]]; then
		_mutu_compgen '-C -q --quiet --format -h --help --version'
	else
		_mutu_compgen 'init member offer need show help'
	fi
}

complete -F _mutu mutu
complete -F _mutu_command mutu-init mutu-member mutu-offer mutu-need mutu-show
