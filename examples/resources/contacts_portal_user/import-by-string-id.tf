# Import by numeric id ...
import {
  to = contacts_portal_user.example
  id = "301"
}

# ... or by username or email.
import {
  to = contacts_portal_user.other
  id = "sam.smith"
}
