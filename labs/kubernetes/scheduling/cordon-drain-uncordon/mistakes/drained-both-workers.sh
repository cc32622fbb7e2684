# mistake: drains node02 as well, leaving no worker for the web pods
# fails: drain/web-rolled-out
# message: were unschedulable
kubectl drain node01 --ignore-daemonsets --delete-emptydir-data
kubectl drain node02 --ignore-daemonsets --delete-emptydir-data --timeout=5s || true
