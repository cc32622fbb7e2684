# mistake: stores the certificate in a generic (Opaque) Secret instead of a kubernetes.io/tls one
# fails: tls/secret-type
# message: expected kubernetes.io/tls
kubectl create secret generic demo-tls --from-file=tls.crt=certs/demo.crt --from-file=tls.key=certs/demo.key
