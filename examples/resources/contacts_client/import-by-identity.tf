# Terraform 1.12 or later (OpenTofu 1.12 or later): import by identity, the
# client's numeric id. The company name is not part of the identity, since a
# rename changes it in place. Run
# `terraform plan -generate-config-out=generated.tf` to have the resource
# block written for you.
import {
  to       = contacts_client.globex
  identity = { id = 13 }
}
