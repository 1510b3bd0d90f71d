# Self-test of check_terraform.js (as planton-gen writes it).

provider "cloudflare" {
  api_token = var.cloudflare_api_token
}
