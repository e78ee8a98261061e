# bash completion for mutu(1) and its commands mutu-init, mutu-member,
# mutu-offer, mutu-need, mutu-exchange, mutu-calendar, mutu-propose,
# mutu-vote, mutu-show, mutu-clone, mutu-sync, mutu-conflicts,
# mutu-merge-driver, mutu-log and mutu-audit.
#
# Record ids come from `mutu-offer list --status all --format ids` (or
# mutu-need, `mutu-propose list --format ids`, `mutu-conflicts list
# --format ids`, `mutu-exchange list --format ids`, or `mutu-offer loans
# --all --format ids`) run in the commons the command line names (-C DIR, else
# the current directory, else MUTU_DIR); outside a commons nothing is
# offered. The remotes of mutu-sync come from `git remote` there. The options of a ballot
# (mutu-vote --approve, --rank, --grade) come from `mutu-propose show ID
# --format json`, read without jq. Works with or without the
# bash-completion package.

_mutu_kinds='tool skill space time material service event other'
_mutu_formats='table tsv json yaml ids'
_mutu_common_opts='-C --directory --format -q --quiet -h --help --version'
_mutu_methods='yes-no consent approval majority-judgment schulze stv'
_mutu_propose_verbs='add list show comment amend submit start tally close withdraw apply evaluate'
_mutu_commands='init member offer need exchange calendar propose vote show clone sync conflicts merge-driver log audit'
_mutu_offer_verbs='add list show edit close reopen match lend return renew hold unhold loans book unbook bookings join leave'
_mutu_need_verbs='add list show edit close reopen match meet'
_mutu_terms_opts='-t --title -b --body --body-file -m --method -o --option --scale --seats
	--status-quo --closes --quorum --threshold --rules-file --commons-file --tag'

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

# _mutu_ids offer|need|proposal|vote|conflict|exchange|loan|any: ids
# (whole ones, any status; for vote, the proposals whose vote is open; for
# conflict, the open conflicts) starting with $cur.
_mutu_ids()
{
	local ids t
	case $1 in
	any)
		for t in offer need; do
			ids+=" $(_mutu_run "mutu-$t" list --status all --format ids </dev/null)"
		done
		ids+=" $(_mutu_run mutu-propose list --format ids </dev/null)"
		ids+=" $(_mutu_run mutu-exchange list --format ids </dev/null)"
		ids+=" $(_mutu_run mutu-offer loans --all --format ids </dev/null)"
		;;
	proposal) ids=$(_mutu_run mutu-propose list --format ids </dev/null) || true ;;
	exchange) ids=$(_mutu_run mutu-exchange list --format ids </dev/null) || true ;;
	event) ids=$(_mutu_run mutu-offer list --kind event --format ids </dev/null) || true ;;
	vote) ids=$(_mutu_run mutu-propose list --status vote --format ids </dev/null) || true ;;
	conflict) ids=$(_mutu_run mutu-conflicts list --format ids </dev/null) || true ;;
	*) ids=$(_mutu_run "mutu-$1" list --status all --format ids </dev/null) || true ;;
	esac
	[[ -n ${ids// /} ]] && _mutu_compgen "$ids"
}

# _mutu_json_strings JSON KEY: the strings of the array "KEY":[...] of a
# JSON object as mutu prints it, one a line. Inside a JSON string a '"'
# is always escaped, so '"KEY":[' is the key itself; option and grade
# texts hold no control character, so \" and \\ are the only escapes.
_mutu_json_strings()
{
	local rest s out i c re='^"(([^"\\]|\\.)*)"(.*)$'
	[[ $1 == *"\"$2\":["* ]] || return 0
	rest=${1#*\"$2\":[}
	while [[ $rest =~ $re ]]; do
		s=${BASH_REMATCH[1]}
		rest=${BASH_REMATCH[3]}
		if [[ $s == *\\* ]]; then
			out=
			for ((i = 0; i < ${#s}; i++)); do
				c=${s:i:1}
				[[ $c == \\ ]] && c=${s:++i:1}
				out+=$c
			done
			s=$out
		fi
		printf '%s\n' "$s"
		[[ $rest == ,* ]] || break
		rest=${rest#,}
	done
}

# A text as the shell reads it back: specials escaped with a backslash.
_mutu_escape()
{
	local s=$1 out= i c specials=' !"#$&'\''()*;<>?[\]`{|}~'
	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		if [[ $specials == *"$c"* ]]; then out+="\\$c"; else out+=$c; fi
	done
	printf '%s' "$out"
}

# _mutu_ballot OPTION ID: complete the value of mutu-vote's --approve,
# --rank or --grade, an item after the last ',' (or '='): the options of
# the proposal ID, by text, or for --grade, after OPTION=, the grades of
# its scale. The text typed so far in the word is kept as it is.
_mutu_ballot()
{
	local opt=$1 id=$2 json part prefix grade= t
	local -a texts=()
	[[ -n $id ]] || return
	json=$(_mutu_run mutu-propose show "$id" --format json </dev/null) || return
	part=${cur##*[,=]}
	prefix=${cur:0:${#cur}-${#part}}
	if [[ $opt == --grade ]]; then
		# after OPTION=: readline makes "=" a word of its own
		if [[ ${cur##*,} == *=* ]]; then
			grade=1
		elif [[ $cur != *,* && ${words[cword - 1]} == = && ${words[cword - 2]} != --grade ]]; then
			grade=1
		fi
	fi
	if [[ -n $grade ]]; then
		mapfile -t texts < <(_mutu_json_strings "$json" scale)
		((${#texts[@]})) || texts=(reject poor fair good 'very good' excellent)
	else
		mapfile -t texts < <(_mutu_json_strings "$json" options)
		[[ $json == *'"status_quo":true'* ]] && texts+=('status quo')
	fi
	part=${part//\\/}
	# the options named already in this word are not offered again
	local -a named=()
	local item rest= k=$cword
	# the words of this value before the current one: "A" "=" "good,"
	while ((k >= 2)) && [[ ${words[k - 1]} == = ]]; do
		((k -= 2))
	done
	[[ ${words[k]} == "$opt" ]] && ((k += 2))
	for ((; k < cword; k++)); do
		rest+=${words[k]}
	done
	rest+=$prefix
	rest=${rest//=/,}
	rest=${rest//\\/}
	while [[ -n $rest ]]; do
		item=${rest%%,*}
		[[ -n $item ]] && named+=("$item")
		if [[ $rest == *,* ]]; then rest=${rest#*,}; else rest=; fi
	done
	for t in "${texts[@]}"; do
		[[ $t == "$part"* ]] || continue
		if [[ -z $grade ]]; then
			for item in "${named[@]}"; do
				[[ $item == "$t" ]] && continue 2
			done
		fi
		if [[ $opt == --grade && -z $grade ]]; then
			COMPREPLY+=("$prefix$(_mutu_escape "$t")=")
		else
			COMPREPLY+=("$prefix$(_mutu_escape "$t")")
		fi
	done
	compopt -o nospace 2>/dev/null
}

# The option whose value the word being completed is part of, if any: a
# value holding '=' is split by readline ("3" "=" "2,1"), and so is
# "--rank=3".
_mutu_value_of()
{
	local j=$cword
	while ((j >= 2)) && [[ ${words[j - 1]} == = ]]; do
		((j -= 2))
	done
	if [[ ${words[j]} == --* && $j -lt $cword ]]; then
		printf '%s' "${words[j]}"
	elif ((j >= 1)); then
		printf '%s' "${words[j - 1]}"
	fi
}

# The remotes of the commons of the command line, from `git remote`.
_mutu_remotes()
{
	local remotes
	local -a dir=(-C "${_mutu_dir:-.}")
	[[ -n $MUTU_DIR ]] && dir+=(-C "$MUTU_DIR")
	remotes=$(git "${dir[@]}" remote 2>/dev/null </dev/null) || true
	[[ -n $remotes ]] && _mutu_compgen "$remotes"
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
			--rules | --method | --option | --scale | --seats | --closes | --quorum | \
			--threshold | --rules-file | --commons-file | --grant | --revoke | --result | \
			--note | --approve | --rank | --grade | --remove-key | --keep | --since | \
			--to | --until | --need | --from | --hours | --for | --by | --start | --end | \
			--capacity | \
			-k | -s | -a | -g | -n | -t | -b | -r | -m | -e | -o)
			[[ ${words[i + 1]} == = ]] && ((i++))
			((i++))
			# a value holding '=' comes as "A" "=" "B": one value still
			while [[ ${words[i + 1]} == = ]] && ((i + 1 < cword)); do
				((i += 2))
			done
			continue
			;;
		-*) continue ;;
		esac
		if [[ " init show vote sync clone merge-driver log audit calendar " != *" $noun "* && -z $verb ]]; then
			verb=$w
		else
			args+=("$w")
			((nargs++))
		fi
	done

	# Values of options that differ by command.
	if [[ $noun == vote ]]; then
		case $(_mutu_value_of) in
		--approve | --rank | --grade)
			[[ ${args[0]} != list ]] && _mutu_ballot "$(_mutu_value_of)" "${args[0]}"
			return
			;;
		esac
	fi
	if [[ $noun == conflicts ]]; then
		case $prev in
		-s | --status) _mutu_compgen 'open resolved all'; return ;;
		--sort) _mutu_compgen 'created record'; return ;;
		--keep) _mutu_compgen 'ours theirs'; return ;;
		esac
	fi
	if [[ ($noun == sync || $noun == log || $noun == audit) && $prev == --format ]]; then
		_mutu_compgen 'table tsv json'
		return
	fi
	if [[ ($noun == log || $noun == audit) && $prev == --since ]]; then
		return
	fi
	if [[ $noun == propose ]]; then
		case $prev in
		-m | --method) _mutu_compgen "$_mutu_methods"; return ;;
		-k | --kind) _mutu_compgen 'general rules role admit'; return ;;
		-s | --status)
			_mutu_compgen 'draft discussion vote accepted rejected no-quorum withdrawn all'
			return
			;;
		--sort) _mutu_compgen 'created updated closes title'; return ;;
		-r) [[ $verb == evaluate ]] && _mutu_compgen 'met partly not-met'; return ;;
		--result) _mutu_compgen 'met partly not-met'; return ;;
		--rules-file | --commons-file) _mutu_files; return ;;
		--member) _mutu_handles; return ;;
		-o | --option | --scale | --seats | --closes | --quorum | --threshold | --grant | \
			--revoke | --note)
			return
			;;
		esac
	fi

	if [[ $noun == calendar ]]; then
		case $prev in
		--format) _mutu_compgen 'ics'; return ;;
		-m | --member) _mutu_handles; return ;;
		esac
	fi
	if [[ $noun == offer || $noun == need || $noun == exchange || $noun == member ]]; then
		case $prev in
		--to)
			# a member to lend to or pay; a booking's end is a time
			[[ $verb != book ]] && _mutu_handles
			return
			;;
		-m | --member) [[ $verb == loans ]] && _mutu_handles; return ;;
		--need) _mutu_ids need; return ;;
		--by) _mutu_ids offer; return ;;
		--format)
			if [[ $noun == offer && $verb == list ]]; then
				_mutu_compgen "$_mutu_formats ics"
			else
				_mutu_compgen "$_mutu_formats"
			fi
			return
			;;
		--sort)
			[[ $noun == exchange ]] && { _mutu_compgen 'created'; return; }
			;;
		--until | --from | --start | --end | --capacity | --hours | --for | --note) return ;;
		esac
	fi

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
	--body-file | --yaml | --key | --rules | --remove-key) _mutu_files; return ;;
	--set)
		_mutu_compgen 'title= kind= tags= body= location= availability='
		[[ $noun == offer ]] && _mutu_compgen 'start= end= capacity='
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
			_mutu_compgen "-n --name -m --member -e --email --fullname --rules --bare $_mutu_common_opts"
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
	sync)
		if [[ $cur == -* ]]; then
			_mutu_compgen "--no-push $_mutu_common_opts"
		elif ((nargs == 0)); then
			_mutu_remotes
		fi
		return
		;;
	log)
		if [[ $cur == -* ]]; then
			_mutu_compgen "--since -n --limit $_mutu_common_opts"
		elif ((nargs == 0)); then
			_mutu_ids any
		fi
		return
		;;
	audit)
		[[ $cur == -* ]] && _mutu_compgen "--since --pre-receive $_mutu_common_opts"
		return
		;;
	calendar)
		[[ $cur == -* ]] && _mutu_compgen "-m --member $_mutu_common_opts"
		return
		;;
	exchange)
		if [[ -z $verb ]]; then
			if [[ $cur == -* ]]; then
				_mutu_compgen "$_mutu_common_opts"
			else
				_mutu_compgen 'add list show help'
			fi
			return
		fi
		case $verb in
		add) opts='--to --hours --for --need' ;;
		list) opts='-g --grep --sort -n --limit' ;;
		show)
			opts='--stdin'
			[[ $cur != -* ]] && { _mutu_ids exchange; return; }
			;;
		help) ((nargs == 0)) && _mutu_compgen 'add list show'; return ;;
		esac
		;;
	clone)
		if [[ $cur == -* ]]; then
			_mutu_compgen "--bare $_mutu_common_opts"
		elif ((nargs == 0)); then
			_mutu_files
		elif ((nargs == 1)); then
			_mutu_files -d
		fi
		return
		;;
	merge-driver)
		if [[ $cur == -* ]]; then
			_mutu_compgen "--finish $_mutu_common_opts"
		elif ((nargs < 4)); then
			_mutu_files
		fi
		return
		;;
	conflicts)
		if [[ -z $verb ]]; then
			if [[ $cur == -* ]]; then
				_mutu_compgen "-s --status -g --grep --sort -n --limit $_mutu_common_opts"
			else
				_mutu_compgen 'list show resolve help'
			fi
			return
		fi
		case $verb in
		list) opts='-s --status -g --grep --sort -n --limit' ;;
		show)
			opts='--stdin'
			# any status: mutu-conflicts list --status all
			[[ $cur != -* ]] && { _mutu_ids conflicts; return; }
			;;
		resolve)
			opts='--keep'
			if ((nargs == 0)) && [[ $cur != -* ]]; then
				_mutu_ids conflict
				return
			fi
			;;
		help) ((nargs == 0)) && _mutu_compgen 'list show resolve'; return ;;
		esac
		;;
	member)
		if [[ -z $verb ]]; then
			if [[ $cur == -* ]]; then
				_mutu_compgen "$_mutu_common_opts"
			else
				_mutu_compgen 'add list show edit leave balance help'
			fi
			return
		fi
		case $verb in
		add) opts='-n --name -e --email --key' ;;
		list) opts='-g --grep --sort -n --limit' ;;
		show)
			opts='--stdin'
			[[ $cur != -* ]] && { _mutu_handles; return; }
			;;
		edit | leave | balance)
			[[ $verb == edit ]] && opts='-n --name -e --email --key --remove-key'
			if ((nargs == 0)) && [[ $cur != -* ]]; then
				_mutu_handles
				return
			fi
			;;
		help) ((nargs == 0)) && _mutu_compgen 'add list show edit leave balance'; return ;;
		esac
		;;
	propose)
		if [[ -z $verb ]]; then
			if [[ $cur == -* ]]; then
				_mutu_compgen "$_mutu_common_opts"
			else
				_mutu_compgen "$_mutu_propose_verbs help"
			fi
			return
		fi
		case $verb in
		add) opts="$_mutu_terms_opts -k --kind --member --grant --revoke --name --email --draft" ;;
		amend) opts=$_mutu_terms_opts ;;
		list) opts='-s --status -k --kind --tag -a --author -g --grep --sort -n --limit' ;;
		show) opts='--stdin' ;;
		comment) opts='-b --body --body-file' ;;
		withdraw) opts='-r --reason' ;;
		evaluate) opts='-r --result --note' ;;
		help) ((nargs == 0)) && _mutu_compgen "$_mutu_propose_verbs"; return ;;
		esac
		if [[ $cur != -* ]]; then
			case $verb in
			show) _mutu_ids proposal; return ;;
			comment | amend | submit | start | tally | close | withdraw | apply | evaluate)
				((nargs == 0)) && _mutu_ids proposal
				return
				;;
			esac
		fi
		;;
	vote)
		opts='--approve --rank --grade --retract'
		if [[ $cur != -* ]]; then
			if ((nargs == 0)); then
				_mutu_ids vote
				_mutu_compgen 'list'
			elif ((nargs == 1)) && [[ ${args[0]} == list ]]; then
				_mutu_ids proposal
			elif ((nargs == 1)); then
				# no word once --approve, --rank, --grade or --retract is given
				for w in "${words[@]:1:cword-1}"; do
					case $w in
					--approve | --rank | --grade | --retract) return ;;
					esac
				done
				_mutu_compgen 'yes no abstain block'
			fi
			return
		fi
		;;
	offer | need)
		local verbs=$_mutu_offer_verbs
		[[ $noun == need ]] && verbs=$_mutu_need_verbs
		if [[ -z $verb ]]; then
			if [[ $cur == -* ]]; then
				_mutu_compgen "$_mutu_common_opts"
			else
				_mutu_compgen "$verbs help"
			fi
			return
		fi
		case $verb in
		add)
			opts='-t --title -k --kind --tag -b --body --body-file --location --availability --yaml'
			[[ $noun == offer ]] && opts+=' --start --end --capacity'
			;;
		list) opts='-s --status -k --kind --tag -a --author -g --grep --sort -n --limit' ;;
		show) opts='--stdin' ;;
		edit) opts='--set --add-tag --remove-tag' ;;
		close) opts='-r --reason' ;;
		match) opts='-n --limit' ;;
		meet) opts='--by --hours' ;;
		lend) opts='--to --until --need' ;;
		renew) opts='--until' ;;
		loans) opts='--overdue -m --member --all' ;;
		book) opts='--from --to --note' ;;
		bookings) opts='--all' ;;
		help) ((nargs == 0)) && _mutu_compgen "$verbs"; return ;;
		esac
		case $verb in
		show)
			if [[ $cur != -* ]]; then
				_mutu_ids "$noun"
				return
			fi
			;;
		edit | close | reopen | match | meet | lend | return | renew | hold | unhold | book | \
			bookings)
			if ((nargs == 0)) && [[ $cur != -* ]]; then
				_mutu_ids "$noun"
				return
			fi
			;;
		join | leave)
			if ((nargs == 0)) && [[ $cur != -* ]]; then
				_mutu_ids event
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

# mutu-init, mutu-member, mutu-offer, mutu-need, mutu-exchange,
# mutu-calendar, mutu-propose, mutu-vote, mutu-show, mutu-clone, mutu-sync,
# mutu-conflicts, mutu-merge-driver, mutu-log, mutu-audit
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
			((i == cword - 1)) && _mutu_compgen "$_mutu_commands"
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
		_mutu_compgen "$_mutu_commands help"
	fi
}

complete -F _mutu mutu
complete -F _mutu_command mutu-init mutu-member mutu-offer mutu-need mutu-exchange mutu-calendar \
	mutu-propose mutu-vote mutu-show mutu-clone mutu-sync mutu-conflicts mutu-merge-driver \
	mutu-log mutu-audit
