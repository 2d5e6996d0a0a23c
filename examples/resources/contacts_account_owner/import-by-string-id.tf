# The id is the client's id; the client's current owner becomes contact_id.
import {
  to = contacts_account_owner.acme
  id = "12"
}
