# Import by numeric id ...
import {
  to = contacts_contact.example
  id = "45"
}

# ... or by email address.
import {
  to = contacts_contact.other
  id = "john@acme.example"
}
