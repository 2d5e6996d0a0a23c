# Terraform 1.12 or later (OpenTofu 1.12 or later): import by identity, the
# client's id as for an import by id. The owning contact is not part of the
# identity, since promoting another contact changes it in place.
import {
  to       = contacts_account_owner.globex
  identity = { id = 13 }
}
