# Every contact of client 12, with the resource object, ready for
# terraform query -generate-config-out=generated.tf.
list "contacts_contact" "acme" {
  provider         = contacts
  include_resource = true
  limit            = 1000

  config {
    client_id = 12
  }
}
