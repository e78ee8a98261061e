# fish completion for mutu(1) and its commands mutu-init, mutu-member,
# mutu-offer, mutu-need and mutu-show. Record ids and handles come from
# `mutu-offer list --status all --format ids` (or mutu-need, or
# mutu-member list) in the commons the command line names; outside a
# commons nothing is offered.

# Options that take a value (so their value is not a verb or an argument).
set -g __mutu_valued -C --directory --format -k --kind -s --status --tag -a --author \
    -g --grep --sort -n --limit -t --title -b --body --body-file --location \
    --availability --yaml --set --add-tag --remove-tag -r --reason --name -e --email \
    -m --member --fullname --key --role

# Print "noun verb nargs dir" for the command line being completed:
# noun is init, member, offer or need; verb and dir may be "-".
function __mutu_state
    set -l toks (commandline -opc)
    set -l noun -
    set -l verb -
    set -l dir -
    set -l nargs 0
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
        else if test $noun != init -a $noun != show -a $verb = -
            set verb $t
        else
            set nargs (math $nargs + 1)
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

# __mutu_wants_id NOUN: a verb taking an ID, and no ID yet (show takes
# several).
function __mutu_wants_id
    set -l s (string split ' ' -- (__mutu_state))
    test $s[1] = $argv[1]; or return 1
    test $s[2] = show; and return 0
    contains -- $s[2] edit close reopen; and test $s[3] -eq 0
end

function __mutu_run
    set -l s (string split ' ' -- (__mutu_state))
    if test $s[4] != -
        command $argv[1] -C $s[4] $argv[2..-1] 2>/dev/null </dev/null
    else
        command $argv[1] $argv[2..-1] 2>/dev/null </dev/null
    end
end

function __mutu_ids
    if test $argv[1] = any
        __mutu_run mutu-offer list --status all --format ids
        __mutu_run mutu-need list --status all --format ids
    else
        __mutu_run mutu-$argv[1] list --status all --format ids
    end
end

function __mutu_handles
    __mutu_run mutu-member list --format ids
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
complete -c mutu -n __mutu_needs_noun -a show -d 'Any record, by id'
complete -c mutu -n __mutu_needs_noun -a help -d 'Show the manual page of a command'
complete -c mutu -n '__mutu_is help' -a 'init member offer need show'

for c in mutu mutu-init mutu-member mutu-offer mutu-need mutu-show
    complete -c $c -f
end

# --- options every command has (once its verb is given) ---
for noun in init member offer need show
    set -l cond "__mutu_is $noun"
    contains -- $noun init show; or set cond "__mutu_is $noun; and not __mutu_is $noun -"
    for c in mutu mutu-$noun
        complete -c $c -n $cond -s C -l directory -x -a '(__fish_complete_directories)' -d 'Run as if started in DIR'
        complete -c $c -n $cond -l format -x -a 'table tsv json yaml ids' -d 'Output format'
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
    complete -c $c -n '__mutu_is member -' -a add -d 'Add a member'
    complete -c $c -n '__mutu_is member -' -a list -d 'List the members'
    complete -c $c -n '__mutu_is member -' -a show -d 'Show members, by handle'
    complete -c $c -n '__mutu_is member -' -a help -d "This help, or a verb's"
    complete -c $c -n '__mutu_is member list' -s g -l grep -x -d 'TEXT in the handle or name, any case'
    complete -c $c -n '__mutu_is member list' -l sort -x -a 'handle joined' -d 'The order'
    complete -c $c -n '__mutu_is member list' -s n -l limit -x -d 'At most N members'
    complete -c $c -n '__mutu_is member show' -l stdin -d 'Read the handles from standard input'
    complete -c $c -n '__mutu_is member add' -s n -l name -x -d "The member's name"
    complete -c $c -n '__mutu_is member add' -s e -l email -x -d "The member's email"
    complete -c $c -n '__mutu_is member add' -l key -r -F -d 'An SSH public key file'
    complete -c $c -n '__mutu_is member add' -l role -x -d 'A role'
    complete -c $c -n '__mutu_is member show' -a '(__mutu_handles)' -d Member
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

        complete -c $c -n "__mutu_wants_id $noun" -a "(__mutu_ids $noun)" -d (string upper -- (string sub -l 1 $noun))(string sub -s 2 $noun)

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
