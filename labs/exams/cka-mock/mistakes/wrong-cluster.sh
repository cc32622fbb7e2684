# mistake: stays on the current context (k8s-c1) and drains node01 there instead of node03 of k8s-c2
# fails: drain/unschedulable
kubectl drain node01 --ignore-daemonsets --delete-emptydir-data --force --timeout=30s || true
