# A portal user can be imported by its numeric id
terraform import contacts_portal_user.jane 301

# or by its username or its contact's email (compared ignoring case).
# Import never changes the password: set password_wo_version to send one.
terraform import contacts_portal_user.sam sam.smith
