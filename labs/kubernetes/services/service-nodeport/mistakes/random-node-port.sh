# mistake: exposes the Deployment as NodePort but leaves the node port to chance
# fails: create/node-port
# message: expected 30080
kubectl expose deployment shop --type=NodePort --port=80
