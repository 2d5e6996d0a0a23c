# Import by id ("12") or by exact company name. Run
# `terraform plan -generate-config-out=generated.tf` to have the resource
# block written for you.
import {
  to = contacts_client.acme
  id = "Acme Inc"
}
