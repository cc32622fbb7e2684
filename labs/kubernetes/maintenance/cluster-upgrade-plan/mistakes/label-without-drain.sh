# mistake: labels the control plane as done without ever taking it out of service
# fails: controlplane/drained
# message: controlplane has never been cordoned or drained
kubectl label node controlplane upgrade=done
