# Self-test of check_terraform.js.

import {
  to = cloudflare_r2_bucket.myapp_assets_dev
  id = join("/", [var.cloudflare_account_id, "myapp-assets-prod"])
}

moved {
  from = cloudflare_r2_bucket.assets
  to   = cloudflare_r2_bucket.myapp_assets_prod
}
