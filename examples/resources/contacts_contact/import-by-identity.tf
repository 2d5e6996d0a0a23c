# Terraform 1.12 or later (OpenTofu 1.12 or later): import by identity, the
# contact's numeric id. The email is not part of the identity, since it can
# change in place.
import {
  to       = contacts_contact.sam
  identity = { id = 46 }
}
