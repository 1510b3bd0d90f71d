# Self-test of check_terraform.js.

output "zone_ids" {
  value = var.zone_prefix
}
