# mistake: drains node02 while node01 is still cordoned; the PodDisruptionBudget stops the drain halfway and web is left short
# fails: workers/web-available
# message: were unschedulable
kubectl drain controlplane --ignore-daemonsets --delete-emptydir-data
kubectl uncordon controlplane
kubectl label node controlplane upgrade=done
kubectl drain node01 --ignore-daemonsets --delete-emptydir-data
kubectl drain node02 --ignore-daemonsets --delete-emptydir-data --timeout=10s || true
