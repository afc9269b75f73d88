#!/usr/bin/env bash
# The lint of .ci/run and LintTests. Usage: scripts/lint.sh [rules|lengths|layout]... (no argument: rules and lengths)
#   rules    swift-format's rules that .swift-format turns on (`swift format lint`): fails on any finding.
#   lengths  no Swift file over 300 lines: fails listing each one over.
#   layout   the formatter's layout (indentation, line breaks, spacing, line length): listed, and fails on any.
#            Not part of the default: the code's aligned continuation lines are not the formatter's layout,
#            and `swift format format -i` would rewrite most files. Run it to see what a full pass would change.
# swift-format always checks layout too; its layout findings carry no rule name of .swift-format, which is how
# `rules` tells them apart.
set -uo pipefail
cd "$(dirname "$0")/.."
checks=("$@")
[ ${#checks[@]} -eq 0 ] && checks=(rules lengths)
# Outside a git work tree (LintTests' copy), every Swift file below the root.
files() { git ls-files --cached --others --exclude-standard -- '*.swift' 2>/dev/null || find . -name '*.swift' -not -path './.build*' | sed 's|^\./||'; }
status=0

findings() { swift format lint --configuration .swift-format --parallel $(files) 2>&1 | sort -u; }
rule_names() { sed -nE 's/^ *"([A-Z][A-Za-z]+)" *: *(true|false).*/\1/p' .swift-format | paste -sd'|'; }

for check in "${checks[@]}"; do
    case "$check" in
    rules)
        found=$(findings | grep -E "warning: \[($(rule_names))\]")
        if [ -n "$found" ]; then
            echo "$found"
            echo "lint: $(echo "$found" | wc -l) finding(s) of .swift-format's rules" >&2
            status=1
        fi
        ;;
    layout)
        found=$(findings | grep -E "warning: \[" | grep -vE "warning: \[($(rule_names))\]")
        if [ -n "$found" ]; then
            echo "$found"
            echo "lint: $(echo "$found" | wc -l) layout finding(s) (swift format format -i --configuration .swift-format FILE fixes them)" >&2
            status=1
        fi
        ;;
    lengths)
        over=$(files | xargs wc -l | awk '$2 != "total" && $1 > 300 { print $2 ": " $1 " lines" }')
        if [ -n "$over" ]; then
            echo "$over"
            echo "lint: $(echo "$over" | wc -l) Swift file(s) over 300 lines" >&2
            status=1
        fi
        ;;
    *) echo "lint: unknown check '$check' (rules, lengths, layout)" >&2; exit 2 ;;
    esac
done
exit $status
