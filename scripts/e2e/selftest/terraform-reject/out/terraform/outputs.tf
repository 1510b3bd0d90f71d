# Self-test of check_terraform.js.

output "zone_ids" {
  description = "Id of every zone."
  value = {
    example_zone_prod = cloudflare_zone.example_zone_prod.id
  }
}

output "record_ids" {
  value = { for k, r in cloudflare_dns_record.records : k => r.id }
}

output "name_servers" {
  value = cloudflare_zone.example_zone_prod.name_servers[*]
}
