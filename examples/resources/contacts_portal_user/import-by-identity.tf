# Terraform 1.12 or later (OpenTofu 1.12 or later): import by identity, the
# portal user's numeric id. The username and the contact's email are not part
# of the identity, since both can change in place.
import {
  to       = contacts_portal_user.lee
  identity = { id = 302 }
}
