# Self-test of check_terraform.js (as planton-gen writes it).

variable "cloudflare_account_id" {
  description = "Cloudflare account that owns the Workers KV namespaces, load balancer pools and monitors of this configuration: its id, 32 hexadecimal digits."
  type        = string
  nullable    = false

  validation {
    condition     = length(regexall("^[0-9a-fA-F]{32}$", var.cloudflare_account_id)) > 0
    error_message = "cloudflare_account_id: must be 32 hexadecimal digits, the id of a Cloudflare account"
  }
}

variable "cloudflare_api_token" {
  description = "Cloudflare API token allowed to edit every resource of this configuration. Leave unset (null) to have the provider read CLOUDFLARE_API_TOKEN from the environment."
  type        = string
  default     = null
  sensitive   = true
}
