# Import by numeric id ...
import {
  to = contacts_portal_user.jane
  id = "301"
}

# ... or by username or the contact's email (compared ignoring case).
# Import never changes the password and emails nobody: password_wo with a
# password_wo_version sets a password; a first invite_version is only recorded
# (change it again to send an invitation).
import {
  to = contacts_portal_user.sam
  id = "sam.smith"
}
