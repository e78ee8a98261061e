# fish completion for mutu(1) and its commands mutu-init, mutu-member,
# mutu-offer, mutu-need, mutu-exchange, mutu-calendar, mutu-propose,
# mutu-vote, mutu-show, mutu-clone, mutu-sync, mutu-conflicts,
# mutu-merge-driver, mutu-log and mutu-audit. Record ids and handles
# come from `mutu-offer list --status all --format ids` (or mutu-need,
# `mutu-propose list --format ids`, `mutu-conflicts list --format ids`,
# `mutu-exchange list --format ids`, `mutu-offer loans --all --format ids`,
# or mutu-member list) in the commons the command line names; outside a
# commons nothing is offered. The remotes of mutu-sync come from
# `git remote` there.
# The options of a ballot (mutu-vote --approve, --rank, --grade) come from
# `mutu-propose show ID --format json`, read without jq.

# Options that take a value (so their value is not a verb or an argument).
set -g __mutu_valued -C --directory --format -k --kind -s --status --tag -a --author \
    -g --grep --sort -n --limit -t --title -b --body --body-file --location \
    --availability --yaml --set --add-tag --remove-tag -r --reason --name -e --email \
    -m --member --fullname --key --role --rules --method -o --option --scale --seats \
    --closes --quorum --threshold --rules-file --commons-file --grant --revoke --result \
    --note --approve --rank --grade --remove-key --keep --since --to --until --need \
    --from --hours --for --by --start --end --capacity

# Print "noun verb nargs dir" for the command line being completed:
# noun is init, member, offer, need, exchange, calendar, propose, vote,
# show, clone, sync, conflicts, merge-driver, log or audit; verb and dir
# may be "-". The positional arguments go to the global __mutu_args.
function __mutu_state
    set -l toks (commandline -opc)
    set -l noun -
    set -l verb -
    set -l dir -
    set -l nargs 0
    set -g __mutu_args
    set -l i 2
    set -l cmd (string replace -r '.*/' '' -- $toks[1])
    if test "$cmd" = mutu
        # the dispatcher: skip -C DIR, then the noun
        while test $i -le (count $toks)
            switch $toks[$i]
                case -C
                    set i (math $i + 1)
                    set dir $toks[$i]
                case '-*'
                case '*'
                    set noun $toks[$i]
                    set i (math $i + 1)
                    break
            end
            set i (math $i + 1)
        end
    else
        set noun (string replace mutu- '' -- $cmd)
    end
    while test $i -le (count $toks)
        set -l t $toks[$i]
        if contains -- $t $__mutu_valued
            set i (math $i + 1)
            if contains -- $t -C --directory
                set dir $toks[$i]
            end
        else if string match -qr -- '^--directory=' $t
            set dir (string replace -- '--directory=' '' $t)
        else if string match -qr -- '^-' $t
        else if not contains -- $noun init show vote clone sync merge-driver log audit calendar; and test $verb = -
            set verb $t
        else
            set nargs (math $nargs + 1)
            set -a __mutu_args $t
        end
        set i (math $i + 1)
    end
    echo $noun $verb $nargs $dir
end

# True if the dispatcher still needs its command.
function __mutu_needs_noun
    set -l s (string split ' ' -- (__mutu_state))
    test $s[1] = -
end

# __mutu_is NOUN [VERB...]: the line is for NOUN (with one of VERBs,
# "-" meaning no verb yet).
function __mutu_is
    set -l s (string split ' ' -- (__mutu_state))
    test $s[1] = $argv[1]; or return 1
    test (count $argv) -eq 1; and return 0
    contains -- $s[2] $argv[2..-1]
end

# __mutu_wants_id NOUN: a verb taking an ID of NOUN, and no ID yet (show
# takes several).
function __mutu_wants_id
    set -l s (string split ' ' -- (__mutu_state))
    test $s[1] = $argv[1]; or return 1
    test $s[2] = show; and return 0
    contains -- $s[2] edit close reopen match meet lend return renew hold unhold book bookings
    and test $s[3] -eq 0
end

# mutu-offer join or leave, and no ID yet: an event's.
function __mutu_wants_event
    set -l s (string split ' ' -- (__mutu_state))
    test $s[1] = offer; or return 1
    contains -- $s[2] join leave; and test $s[3] -eq 0
end

function __mutu_run
    set -l s (string split ' ' -- (__mutu_state))
    if test $s[4] != -
        command $argv[1] -C $s[4] $argv[2..-1] 2>/dev/null </dev/null
    else
        command $argv[1] $argv[2..-1] 2>/dev/null </dev/null
    end
end

# __mutu_ids offer|need|proposal|vote|conflict|conflicts|exchange|event|any:
# whole ids, any status (vote: the proposals whose vote is open; conflict:
# the open conflicts; event: the open events).
function __mutu_ids
    switch $argv[1]
        case any
            __mutu_run mutu-offer list --status all --format ids
            __mutu_run mutu-need list --status all --format ids
            __mutu_run mutu-propose list --format ids
            __mutu_run mutu-exchange list --format ids
            __mutu_run mutu-offer loans --all --format ids
        case exchange
            __mutu_run mutu-exchange list --format ids
        case event
            __mutu_run mutu-offer list --kind event --format ids
        case proposal
            __mutu_run mutu-propose list --format ids
        case vote
            __mutu_run mutu-propose list --status vote --format ids
        case conflict
            __mutu_run mutu-conflicts list --format ids
        case '*'
            __mutu_run mutu-$argv[1] list --status all --format ids
    end
end

# mutu-member edit, leave or balance, and no HANDLE yet.
function __mutu_wants_handle
    set -l s (string split ' ' -- (__mutu_state))
    test $s[1] = member; or return 1
    contains -- $s[2] edit leave balance; and test $s[3] -eq 0
end

# __mutu_wants_proposal VERB...: mutu-propose with one of VERBs, and no
# ID yet (show takes several).
function __mutu_wants_proposal
    set -l s (string split ' ' -- (__mutu_state))
    test $s[1] = propose; or return 1
    contains -- $s[2] $argv; or return 1
    test $s[2] = show; or test $s[3] -eq 0
end

# __mutu_vote_at N: mutu-vote with N positional arguments so far.
function __mutu_vote_at
    set -l s (string split ' ' -- (__mutu_state))
    test $s[1] = vote; and test $s[3] -eq $argv[1]
end

# The ballot word of mutu-vote ID: after the ID, no ballot option yet.
function __mutu_vote_wants_word
    __mutu_vote_at 1; or return 1
    test "$__mutu_args[1]" != list; or return 1
    for t in (commandline -opc)
        string match -qr -- '^--(approve|rank|grade|retract)' $t; and return 1
    end
    return 0
end

# The strings of the array "KEY":[...] of a JSON object as mutu prints
# it, one a line. Inside a JSON string a '"' is always escaped, so
# '"KEY":[' is the key itself; option and grade texts hold no control
# character, so \" and \\ are the only escapes.
function __mutu_json_strings --argument-names json key
    set -l rest (string split -m1 -- "\"$key\":[" $json)[2]
    test -n "$rest"; or return 0
    while set -l m (string match -r -- '^"((?:[^"\\\\]|\\\\.)*)"(.*)$' $rest)
        string replace -ra -- '\\\\(.)' '$1' $m[2]
        set rest $m[3]
        string match -q -- ',*' $rest; or break
        set rest (string sub -s 2 -- $rest)
    end
end

# __mutu_ballot approve|rank|grade: the value of a ballot, an item after
# the last ',' (or '=' in a ranking): the options of the proposal whose
# id comes first on the line, or for --grade, after OPTION=, the grades
# of its scale. What the token holds before it is kept.
function __mutu_ballot --argument-names kind
    __mutu_state >/dev/null
    set -l id $__mutu_args[1]
    test -n "$id" -a "$id" != list; or return
    set -l json (__mutu_run mutu-propose show $id --format json)
    or return
    set -l tok (string replace -r -- '^--[a-z]+=' '' (commandline -ct))
    set -l item (string replace -r -- '.*,' '' $tok)
    set -l before (string sub -l (math (string length -- $tok) - (string length -- $item)) -- $tok)
    set -l named (string split , -- (string replace -a = , -- $before))
    if test $kind = grade; and string match -q -- '*=*' $item
        set -l grades (__mutu_json_strings $json scale)
        set -q grades[1]; or set grades reject poor fair good 'very good' excellent
        set -l opt (string replace -r -- '=.*' '' $item)
        for g in $grades
            echo $before$opt=$g
        end
        return
    end
    set -l texts (__mutu_json_strings $json options)
    string match -q -- '*"status_quo":true*' $json; and set -a texts 'status quo'
    if test $kind = rank; and string match -q -- '*=*' $item
        # A=B: a tie; the item is after the last '='
        set before $before(string replace -r -- '[^=]*$' '' $item)
    end
    for t in $texts
        contains -- $t $named; and continue
        if test $kind = grade
            echo $before$t=
        else
            echo $before$t
        end
    end
end

function __mutu_handles
    __mutu_run mutu-member list --format ids
end

# The remotes of the commons the command line names, from `git remote`.
function __mutu_remotes
    set -l s (string split ' ' -- (__mutu_state))
    set -l dir .
    test $s[4] != -; and set dir $s[4]
    set -l args -C $dir
    set -q MUTU_DIR; and test -n "$MUTU_DIR"; and set -a args -C $MUTU_DIR
    command git $args remote 2>/dev/null </dev/null
end

# __mutu_args_at NOUN N: the line is for NOUN, with N positional
# arguments so far.
function __mutu_args_at
    set -l s (string split ' ' -- (__mutu_state))
    test $s[1] = $argv[1]; and test $s[3] -eq $argv[2]
end

# mutu-conflicts resolve, and no ID yet.
function __mutu_conflict_wants_id
    set -l s (string split ' ' -- (__mutu_state))
    test $s[1] = conflicts; and test $s[2] = resolve; and test $s[3] -eq 0
end

set -l kinds 'tool skill space time material service event other'

# --- mutu, the dispatcher ---
complete -c mutu -f
complete -c mutu -n __mutu_needs_noun -s C -x -a '(__fish_complete_directories)' -d 'Run as if started in DIR'
complete -c mutu -n __mutu_needs_noun -s h -l help -d 'Show the commands'
complete -c mutu -n __mutu_needs_noun -s q -l quiet -d 'No progress or chatter'
complete -c mutu -n __mutu_needs_noun -l format -x -a 'table tsv json yaml ids' -d 'Output format'
complete -c mutu -n __mutu_needs_noun -l version -d 'Show the version'
complete -c mutu -n __mutu_needs_noun -a init -d 'Create a commons'
complete -c mutu -n __mutu_needs_noun -a member -d 'Add, list and show members'
complete -c mutu -n __mutu_needs_noun -a offer -d 'What members put in common'
complete -c mutu -n __mutu_needs_noun -a need -d 'What members ask for'
complete -c mutu -n __mutu_needs_noun -a exchange -d 'The time bank: hours paid for help received'
complete -c mutu -n __mutu_needs_noun -a calendar -d 'Events, bookings and loans due, as one calendar'
complete -c mutu -n __mutu_needs_noun -a propose -d 'Decisions taken together'
complete -c mutu -n __mutu_needs_noun -a vote -d 'Your ballot on a proposal'
complete -c mutu -n __mutu_needs_noun -a show -d 'Any record, by id'
complete -c mutu -n __mutu_needs_noun -a clone -d 'A copy of a commons of your own'
complete -c mutu -n __mutu_needs_noun -a sync -d 'Meet the others: fetch, merge, push'
complete -c mutu -n __mutu_needs_noun -a conflicts -d 'Values a merge could not keep side by side'
complete -c mutu -n __mutu_needs_noun -a merge-driver -d 'The record-aware merge, for plain git pull'
complete -c mutu -n __mutu_needs_noun -a log -d 'The history of the commons, or of one record'
complete -c mutu -n __mutu_needs_noun -a audit -d "Check the whole history against the commons' rules"
complete -c mutu -n __mutu_needs_noun -a help -d 'Show the manual page of a command'
complete -c mutu -n '__mutu_is help' -a 'init member offer need exchange calendar propose vote show clone sync conflicts merge-driver log audit'

for c in mutu mutu-init mutu-member mutu-offer mutu-need mutu-exchange mutu-calendar \
        mutu-propose mutu-vote mutu-show mutu-clone mutu-sync mutu-conflicts mutu-merge-driver \
        mutu-log mutu-audit
    complete -c $c -f
end

# --- options every command has (once its verb is given) ---
for noun in init member offer need exchange calendar propose vote show clone sync conflicts \
        merge-driver log audit
    set -l cond "__mutu_is $noun"
    contains -- $noun init show vote clone sync conflicts merge-driver log audit calendar
    or set cond "__mutu_is $noun; and not __mutu_is $noun -"
    set -l formats 'table tsv json yaml ids'
    contains -- $noun sync log audit; and set formats 'table tsv json'
    test $noun = calendar; and set formats ics
    for c in mutu mutu-$noun
        complete -c $c -n $cond -s C -l directory -x -a '(__fish_complete_directories)' -d 'Run as if started in DIR'
        complete -c $c -n $cond -l format -x -a $formats -d 'Output format'
        complete -c $c -n $cond -s q -l quiet -d 'No progress or chatter'
        complete -c $c -n $cond -s h -l help -d 'Show the help'
        complete -c $c -n $cond -l version -d 'Show the version'
    end
end

# --- mutu-init ---
for c in mutu mutu-init
    complete -c $c -n '__mutu_is init' -s n -l name -x -d "The commons' name"
    complete -c $c -n '__mutu_is init' -s m -l member -x -d 'Your handle, the first member'
    complete -c $c -n '__mutu_is init' -s e -l email -x -d 'Your email'
    complete -c $c -n '__mutu_is init' -l fullname -x -d 'Your name as others see it'
    complete -c $c -n '__mutu_is init' -l rules -r -F -d 'Start from these rules, not the defaults'
    complete -c $c -n '__mutu_is init' -l bare -d 'A commons without a work tree'
    complete -c $c -n '__mutu_is init' -a '(__fish_complete_directories)'
end

# --- mutu-show ---
for c in mutu mutu-show
    complete -c $c -n '__mutu_is show' -l stdin -d 'Read the ids from standard input'
    complete -c $c -n '__mutu_is show' -a '(__mutu_ids any)' -d Record
end

# --- mutu-member ---
for c in mutu mutu-member
    complete -c $c -n '__mutu_is member -' -s C -x -a '(__fish_complete_directories)' -d 'Run as if started in DIR'
    complete -c $c -n '__mutu_is member -' -a add -d 'Welcome a member'
    complete -c $c -n '__mutu_is member -' -a list -d 'List the members'
    complete -c $c -n '__mutu_is member -' -a show -d 'Show members, by handle'
    complete -c $c -n '__mutu_is member -' -a edit -d 'Change your name, email or keys'
    complete -c $c -n '__mutu_is member -' -a leave -d 'Leave the commons'
    complete -c $c -n '__mutu_is member -' -a balance -d 'Time-bank balances, derived from the exchanges'
    complete -c $c -n '__mutu_is member -' -a help -d "This help, or a verb's"
    complete -c $c -n '__mutu_is member list' -s g -l grep -x -d 'TEXT in the handle or name, any case'
    complete -c $c -n '__mutu_is member list' -l sort -x -a 'handle joined' -d 'The order'
    complete -c $c -n '__mutu_is member list' -s n -l limit -x -d 'At most N members'
    complete -c $c -n '__mutu_is member show' -l stdin -d 'Read the handles from standard input'
    complete -c $c -n '__mutu_is member add' -s n -l name -x -d "The member's name"
    complete -c $c -n '__mutu_is member add' -s e -l email -x -d "The member's email"
    complete -c $c -n '__mutu_is member add' -l key -r -F -d 'An SSH public key file'
    complete -c $c -n '__mutu_is member show' -a '(__mutu_handles)' -d Member
    complete -c $c -n '__mutu_is member edit' -s n -l name -x -d 'Your name'
    complete -c $c -n '__mutu_is member edit' -s e -l email -x -d 'Your email'
    complete -c $c -n '__mutu_is member edit' -l key -r -F -d 'Add an SSH public key'
    complete -c $c -n '__mutu_is member edit' -l remove-key -r -F -d 'Remove an SSH public key (file or fingerprint)'
    complete -c $c -n '__mutu_wants_handle' -a '(__mutu_handles)' -d Member
end

# --- mutu-offer and mutu-need ---
for noun in offer need
    for c in mutu mutu-$noun
        complete -c $c -n "__mutu_is $noun -" -s C -x -a '(__fish_complete_directories)' -d 'Run as if started in DIR'
        complete -c $c -n "__mutu_is $noun -" -s q -d 'No progress or chatter'
        complete -c $c -n "__mutu_is $noun -" -a add -d 'Publish a new one (prints its id)'
        complete -c $c -n "__mutu_is $noun -" -a list -d 'List them, newest first'
        complete -c $c -n "__mutu_is $noun -" -a show -d 'Show some, by id'
        complete -c $c -n "__mutu_is $noun -" -a help -d "This help, or a verb's"
        complete -c $c -n "__mutu_is $noun show" -l stdin -d 'Read the ids from standard input'
        complete -c $c -n "__mutu_is $noun -" -a edit -d 'Change one (no option: in $EDITOR)'
        complete -c $c -n "__mutu_is $noun -" -a close -d 'Close one'
        complete -c $c -n "__mutu_is $noun -" -a reopen -d 'Reopen a closed one'
        complete -c $c -n "__mutu_is $noun -" -a match -d 'Rank what could answer one'

        complete -c $c -n "__mutu_wants_id $noun" -a "(__mutu_ids $noun)" -d (string upper -- (string sub -l 1 $noun))(string sub -s 2 $noun)
        complete -c $c -n "__mutu_is $noun match" -s n -l limit -x -d 'Only the N best matches'

        set -l add "__mutu_is $noun add"
        complete -c $c -n $add -s t -l title -x -d 'One line saying what it is'
        complete -c $c -n $add -s k -l kind -x -a $kinds -d Kind
        complete -c $c -n $add -l tag -x -d 'A tag'
        complete -c $c -n $add -s b -l body -x -d 'Details, in Markdown'
        complete -c $c -n $add -l body-file -r -F -d 'Details from a file (- for stdin)'
        complete -c $c -n $add -l location -x -d Where
        complete -c $c -n $add -l availability -x -d When
        complete -c $c -n $add -l yaml -r -F -d 'Add every YAML document of FILE, in one commit'

        set -l list "__mutu_is $noun list"
        complete -c $c -n $list -s s -l status -x -a 'open closed all' -d Status
        complete -c $c -n $list -s k -l kind -x -a $kinds -d 'Only this kind'
        complete -c $c -n $list -l tag -x -d 'Only records with this tag'
        complete -c $c -n $list -s a -l author -x -a '(__mutu_handles)' -d "Only this member's"
        complete -c $c -n $list -s g -l grep -x -d 'TEXT in title or body, any case'
        complete -c $c -n $list -l sort -x -a 'created updated title' -d 'Sort key'
        complete -c $c -n $list -s n -l limit -x -d 'At most N records'

        set -l edit "__mutu_is $noun edit"
        set -l setvals title= tags= body= location= availability= kind=(string split ' ' -- $kinds)
        complete -c $c -n $edit -l set -x -a "$setvals" -d 'Change a field'
        complete -c $c -n $edit -l add-tag -x -d 'Add a tag'
        complete -c $c -n $edit -l remove-tag -x -d 'Remove a tag'

        complete -c $c -n "__mutu_is $noun close" -s r -l reason -x -d 'Why it is closed'
    end
end

# --- what only needs have ---
for c in mutu mutu-need
    complete -c $c -n '__mutu_is need -' -a meet -d 'Record the offer that met one, and close it'
    complete -c $c -n '__mutu_is need meet' -l by -x -a '(__mutu_ids offer)' -d 'The offer that met the need'
    complete -c $c -n '__mutu_is need meet' -l hours -x -d 'Hours you pay its author (time bank)'
end

# --- what only offers have: events, the tool library ---
for c in mutu mutu-offer
    set -l none '__mutu_is offer -'
    complete -c $c -n $none -a lend -d "Lend one to a member (prints the loan's id)"
    complete -c $c -n $none -a return -d 'Record that a lent one is back'
    complete -c $c -n $none -a renew -d 'Extend a loan (prints the new due date)'
    complete -c $c -n $none -a hold -d 'Wait in line for one that is lent out'
    complete -c $c -n $none -a unhold -d 'Leave the line'
    complete -c $c -n $none -a loans -d 'What is lent out, to whom, until when'
    complete -c $c -n $none -a book -d "Book one for a time (prints the booking's id)"
    complete -c $c -n $none -a unbook -d 'Cancel a booking'
    complete -c $c -n $none -a bookings -d 'The bookings of one'
    complete -c $c -n $none -a join -d 'Take part in an event'
    complete -c $c -n $none -a leave -d 'No longer take part in an event'

    complete -c $c -n '__mutu_is offer add' -l start -x -d 'When the event starts (RFC 3339 or +DURATION)'
    complete -c $c -n '__mutu_is offer add' -l end -x -d 'When the event ends (RFC 3339 or +DURATION)'
    complete -c $c -n '__mutu_is offer add' -l capacity -x -d 'How many may take part (more wait in line)'
    complete -c $c -n '__mutu_is offer edit' -l set -x -a 'start= end= capacity=' -d 'Change a field'
    complete -c $c -n '__mutu_is offer list' -l format -x -a ics -d 'The events, as a calendar'

    complete -c $c -n '__mutu_is offer lend' -l to -x -a '(__mutu_handles)' -d 'The member who borrows it'
    complete -c $c -n '__mutu_is offer lend' -l until -x -d 'Due back then (YYYY-MM-DD, RFC 3339 or +DURATION)'
    complete -c $c -n '__mutu_is offer lend' -l need -x -a '(__mutu_ids need)' -d 'The need this loan answers'
    complete -c $c -n '__mutu_is offer renew' -l until -x -d 'The new due date'
    complete -c $c -n '__mutu_is offer loans' -l overdue -d 'Only loans past their due date'
    complete -c $c -n '__mutu_is offer loans' -s m -l member -x -a '(__mutu_handles)' -d 'Only what this member borrowed or waits for'
    complete -c $c -n '__mutu_is offer loans' -l all -d 'Returned loans too'
    complete -c $c -n '__mutu_is offer book' -l from -x -d 'The start (RFC 3339 or +DURATION)'
    complete -c $c -n '__mutu_is offer book' -l to -x -d 'The end (RFC 3339 or +DURATION)'
    complete -c $c -n '__mutu_is offer book' -l note -x -d 'What for'
    complete -c $c -n '__mutu_is offer bookings' -l all -d 'Past bookings too'
    complete -c $c -n __mutu_wants_event -a '(__mutu_ids event)' -d Event
end

# --- mutu-exchange ---
for c in mutu mutu-exchange
    set -l none '__mutu_is exchange -'
    complete -c $c -n $none -s C -x -a '(__fish_complete_directories)' -d 'Run as if started in DIR'
    complete -c $c -n $none -s q -d 'No progress or chatter'
    complete -c $c -n $none -a add -d 'Pay members hours for help received (prints its id)'
    complete -c $c -n $none -a list -d 'List the exchanges, newest first'
    complete -c $c -n $none -a show -d 'Show some, by id'
    complete -c $c -n $none -a help -d "This help, or a verb's"
    complete -c $c -n '__mutu_is exchange add' -l to -x -a '(__mutu_handles)' -d 'A member you pay (again for several)'
    complete -c $c -n '__mutu_is exchange add' -l hours -x -d 'Hours paid to each, such as 2 or 1.5'
    complete -c $c -n '__mutu_is exchange add' -l for -x -d 'What the help was'
    complete -c $c -n '__mutu_is exchange add' -l need -x -a '(__mutu_ids need)' -d 'The need it answered'
    complete -c $c -n '__mutu_is exchange list' -s g -l grep -x -d 'TEXT in what the help was, any case'
    complete -c $c -n '__mutu_is exchange list' -l sort -x -a created -d 'Sort key'
    complete -c $c -n '__mutu_is exchange list' -s n -l limit -x -d 'At most N records'
    complete -c $c -n '__mutu_is exchange show' -l stdin -d 'Read the ids from standard input'
    complete -c $c -n '__mutu_is exchange show' -a '(__mutu_ids exchange)' -d Exchange
end

# --- mutu-calendar ---
for c in mutu mutu-calendar
    complete -c $c -n '__mutu_is calendar' -s m -l member -x -a '(__mutu_handles)' -d 'Only what concerns this member'
end

# --- mutu-propose ---
set -l methods 'yes-no consent approval majority-judgment schulze stv'
for c in mutu mutu-propose
    set -l none '__mutu_is propose -'
    complete -c $c -n $none -s C -x -a '(__fish_complete_directories)' -d 'Run as if started in DIR'
    complete -c $c -n $none -s q -d 'No progress or chatter'
    complete -c $c -n $none -a add -d 'Propose a decision (prints its id)'
    complete -c $c -n $none -a list -d 'List the proposals, newest first'
    complete -c $c -n $none -a show -d 'Show proposals, their comments and how many voted'
    complete -c $c -n $none -a comment -d 'Say something on a proposal in discussion or vote'
    complete -c $c -n $none -a amend -d 'Change your proposal while it is discussed'
    complete -c $c -n $none -a submit -d 'Open a draft to discussion'
    complete -c $c -n $none -a start -d 'Open the vote, once the discussion time has passed'
    complete -c $c -n $none -a tally -d 'Count the ballots (never writes)'
    complete -c $c -n $none -a close -d 'End the vote and record the outcome'
    complete -c $c -n $none -a withdraw -d 'Withdraw your proposal'
    complete -c $c -n $none -a apply -d 'Carry out an accepted rules, role or admit proposal'
    complete -c $c -n $none -a evaluate -d 'Say whether an accepted proposal reached its aim'
    complete -c $c -n $none -a help -d "This help, or a verb's"

    complete -c $c -n '__mutu_wants_proposal show comment amend submit start tally close withdraw apply evaluate' \
        -a '(__mutu_ids proposal)' -d Proposal

    set -l terms '__mutu_is propose add amend'
    complete -c $c -n $terms -s t -l title -x -d 'One line saying what is decided'
    complete -c $c -n $terms -s b -l body -x -d 'The proposal, in Markdown'
    complete -c $c -n $terms -l body-file -r -F -d 'The proposal from a file (- for stdin)'
    complete -c $c -n $terms -s m -l method -x -a $methods -d 'How it is decided'
    complete -c $c -n $terms -s o -l option -x -d 'An option to choose among'
    complete -c $c -n $terms -l scale -x -d 'Majority-judgment grades, worst first'
    complete -c $c -n $terms -l seats -x -d 'Stv: how many are elected'
    complete -c $c -n $terms -l status-quo -d 'Add the option "status quo", which the winner must beat'
    complete -c $c -n $terms -l closes -x -d 'When the vote closes: RFC 3339, or +7d from now'
    complete -c $c -n $terms -l quorum -x -d 'Percent of active members who must vote'
    complete -c $c -n $terms -l threshold -x -d 'Yes-no: yes must be more than this percent of yes and no'
    complete -c $c -n $terms -l rules-file -r -F -d 'Rules: the proposed rules.yaml'
    complete -c $c -n $terms -l commons-file -r -F -d 'Rules: the proposed mutu.yaml'
    complete -c $c -n $terms -l tag -x -d 'A tag'

    set -l add '__mutu_is propose add'
    complete -c $c -n $add -s k -l kind -x -a 'general rules role admit' -d 'What accepting it does'
    complete -c $c -n $add -l member -x -a '(__mutu_handles)' -d 'Role, admit: the member concerned'
    complete -c $c -n $add -l grant -x -d 'Role: the role to grant'
    complete -c $c -n $add -l revoke -x -d 'Role: the role to revoke'
    complete -c $c -n $add -l name -x -d "Admit: the new member's name"
    complete -c $c -n $add -l email -x -d "Admit: the new member's email"
    complete -c $c -n $add -l draft -d 'A draft: discussion starts with submit'

    set -l list '__mutu_is propose list'
    complete -c $c -n $list -s s -l status -x -a 'draft discussion vote accepted rejected no-quorum withdrawn all' -d Status
    complete -c $c -n $list -s k -l kind -x -a 'general rules role admit' -d 'Only this kind'
    complete -c $c -n $list -l tag -x -d 'Only records with this tag'
    complete -c $c -n $list -s a -l author -x -a '(__mutu_handles)' -d "Only this member's"
    complete -c $c -n $list -s g -l grep -x -d 'TEXT in title or body, any case'
    complete -c $c -n $list -l sort -x -a 'created updated closes title' -d 'Sort key'
    complete -c $c -n $list -s n -l limit -x -d 'At most N records'

    complete -c $c -n '__mutu_is propose show' -l stdin -d 'Read the ids from standard input'
    complete -c $c -n '__mutu_is propose comment' -s b -l body -x -d 'The comment, in Markdown'
    complete -c $c -n '__mutu_is propose comment' -l body-file -r -F -d 'The comment from a file (- for stdin)'
    complete -c $c -n '__mutu_is propose withdraw' -s r -l reason -x -d Why
    complete -c $c -n '__mutu_is propose evaluate' -s r -l result -x -a 'met partly not-met' -d 'Did it reach its aim'
    complete -c $c -n '__mutu_is propose evaluate' -l note -x -d 'One line on why'
end

# --- mutu-vote ---
for c in mutu mutu-vote
    complete -c $c -n '__mutu_vote_at 0' -a '(__mutu_ids vote)' -d 'Proposal in vote'
    complete -c $c -n '__mutu_vote_at 0' -a list -d 'The ballots on a proposal'
    complete -c $c -n '__mutu_vote_at 1; and test "$__mutu_args[1]" = list' -a '(__mutu_ids proposal)' -d Proposal
    complete -c $c -n __mutu_vote_wants_word -a 'yes no abstain' -d 'Yes-no, consent'
    complete -c $c -n __mutu_vote_wants_word -a block -d 'Consent: stop the decision'
    complete -c $c -n '__mutu_is vote' -l approve -x -a '(__mutu_ballot approve)' -d 'Approval: the options you approve'
    complete -c $c -n '__mutu_is vote' -l rank -x -a '(__mutu_ballot rank)' -d 'Schulze, stv: the options, best first'
    complete -c $c -n '__mutu_is vote' -l grade -x -a '(__mutu_ballot grade)' -d 'Majority-judgment: a grade for each option'
    complete -c $c -n '__mutu_is vote' -l retract -d 'Take your ballot back'
end

# --- mutu-sync ---
for c in mutu mutu-sync
    complete -c $c -n '__mutu_is sync' -l no-push -d 'Fetch and merge, but send nothing'
    complete -c $c -n '__mutu_args_at sync 0' -a '(__mutu_remotes)' -d Remote
end

# --- mutu-log ---
for c in mutu mutu-log
    complete -c $c -n '__mutu_is log' -l since -x -d 'Only what came after REV (REV..HEAD)'
    complete -c $c -n '__mutu_is log' -s n -l limit -x -d 'At most N commits'
    complete -c $c -n '__mutu_args_at log 0' -a '(__mutu_ids any)' -d Record
end

# --- mutu-audit ---
for c in mutu mutu-audit
    complete -c $c -n '__mutu_is audit' -l since -x -d 'Only what came after REV (REV..HEAD)'
    complete -c $c -n '__mutu_is audit' -l pre-receive -d "As a shared remote's pre-receive hook"
end

# --- mutu-clone ---
for c in mutu mutu-clone
    complete -c $c -n '__mutu_is clone' -l bare -d 'A copy without a work tree (a mirror, a shared remote)'
    complete -c $c -n '__mutu_args_at clone 0' -F -d 'URL or path'
    complete -c $c -n '__mutu_args_at clone 1' -x -a '(__fish_complete_directories)' -d Directory
end

# --- mutu-merge-driver ---
for c in mutu mutu-merge-driver
    complete -c $c -n '__mutu_is merge-driver' -l finish -d 'After a git merge: write what only a whole-tree merge can'
    complete -c $c -n '__mutu_is merge-driver' -F
end

# --- mutu-conflicts ---
for c in mutu mutu-conflicts
    set -l none '__mutu_is conflicts -'
    complete -c $c -n $none -a list -d 'The conflicts (the open ones by default)'
    complete -c $c -n $none -a show -d 'One conflict: the record, both values, who set them'
    complete -c $c -n $none -a resolve -d 'Settle a conflict, in a commit of your own'
    complete -c $c -n $none -a help -d "This help, or a verb's"

    set -l list '__mutu_is conflicts - list'
    complete -c $c -n $list -s s -l status -x -a 'open resolved all' -d Status
    complete -c $c -n $list -s g -l grep -x -d 'TEXT in the record, field, check or detail, any case'
    complete -c $c -n $list -l sort -x -a 'created record' -d 'The order'
    complete -c $c -n $list -s n -l limit -x -d 'At most N conflicts'

    complete -c $c -n '__mutu_is conflicts show' -l stdin -d 'Read the ids from standard input'
    complete -c $c -n '__mutu_is conflicts show' -a '(__mutu_ids conflicts)' -d Conflict
    complete -c $c -n '__mutu_is conflicts resolve' -l keep -x -a 'ours theirs' -d 'The value the record keeps'
    complete -c $c -n __mutu_conflict_wants_id -a '(__mutu_ids conflict)' -d Conflict
end
