# Source this to get the embedded services' URLs in your shell: `source scripts/env.sh`
service_env="$("$(dirname "${BASH_SOURCE[0]}")/services.sh" start)"
eval "$service_env"
