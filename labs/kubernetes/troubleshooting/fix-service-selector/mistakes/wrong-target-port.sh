# mistake: recreates the Service with the right selector but sends traffic to a port nothing listens on
# fails: reach/by-name
# message: targetPort 8080
kubectl delete service frontend -n web
kubectl expose deployment frontend -n web --port=80 --target-port=8080
