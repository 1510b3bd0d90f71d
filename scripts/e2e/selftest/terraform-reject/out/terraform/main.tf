# Self-test of check_terraform.js: terraform-accept with references that do not resolve and
# declarations in the wrong place (see ../../expect for the FAIL line each must give).

resource "cloudflare_zone" "example_zone_prod" {
  account = {
    id = var.cloudflare_account_id
  }
  name = "example.com"
}

resource "cloudflare_r2_bucket" "myapp_assets_prod" {
  account_id = var.cloudflare_account_id
  name       = "myapp-assets-prod"
  location   = "weur"
}

resource "cloudflare_r2_custom_domain" "myapp_assets_prod" {
  account_id  = var.cloudflare_account_id
  bucket_name = cloudflare_r2_bucket.myapp_assets_prod.name
  domain      = "assets.example.com"
  zone_id     = cloudflare_zone.example_zone_prod.id
  enabled     = true
}

resource "cloudflare_load_balancer_monitor" "myapp_www_prod" {
  provider   = cloudflare.eu
  account_id = var.cloudflare_account_id
  type       = "http"
  path       = "/healthz"
}

resource "cloudflare_load_balancer_pool" "myapp_www_prod" {
  account_id = var.cloudflare_account_id
  name       = "myapp-www-prod"
  monitor    = cloudflare_load_balancer_monitor.myapp_www_prod.id
  origins = [for o in local.origins : {
    name    = o.name
    address = o.address
    weight  = o.weight
  }]
}

resource "cloudflare_load_balancer" "myapp_www_prod" {
  zone_id       = cloudflare_zone.example_zone_staging.id
  name          = "www.example.com"
  default_pools = [cloudflare_load_balancer_pool.myapp_www_prod.id]
  fallback_pool = cloudflare_load_balancer_pool.myapp_www_prod.id
  description   = "$${not.a.reference} %%{ nor this } ${local.suffix}"
  depends_on    = [cloudflare_load_balancer_monitor.myapp_www_prod]

  dynamic "rules" {
    for_each = local.rules
    iterator = rule
    content {
      name      = rule.value.name
      condition = "http.host eq \"${cloudflare_zone.example_zone_prod.name}\""
    }
  }

  lifecycle {
    ignore_changes       = [description, rules]
    replace_triggered_by = [cloudflare_load_balancer_pool.myapp_www_prod.id]
  }
}

resource "cloudflare_dns_record" "records" {
  for_each = { for r in local.records : r.name => r }
  zone_id  = cloudflare_zone.example_zone_prod.id
  name     = each.value.name
  type     = "CNAME"
  content  = each.key == "www" ? "lb.example.com" : data.cloudflare_zone.existing.name
  ttl      = 1
}

data "cloudflare_zone" "existing" {
  zone_id = "023e105f4ecef8ad9ca31a8372d0c353"
}

locals {
  origins = [{ name = "origin-eu", address = "192.0.2.10", weight = 1 }]
  rules   = [{ name = "r1" }]
  records = [{ name = "www" }, { name = "api" }]
  suffix  = "${cloudflare_zone.example_zone_prod.name}-${length(local.records)}"
}

variable "zone_suffix" {
  type = string
}

resource "random_id" "suffix" {
  byte_length = 4
}
