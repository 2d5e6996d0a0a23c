# Import by numeric id ...
import {
  to = contacts_portal_user.jane
  id = "301"
}

# ... or by username or the contact's email (compared ignoring case).
# Import never changes the password: set password_wo_version to send one.
import {
  to = contacts_portal_user.sam
  id = "sam.smith"
}
