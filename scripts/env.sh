# Source this to get the embedded services' URLs in your shell: `source scripts/env.sh`
eval "$("$(dirname "${BASH_SOURCE[0]}")/services.sh" start)"
