# mistake: drains node01, the healthy worker, instead of the NotReady node; the web pods have nowhere left to go
# fails: evacuate/rolled-out
# message: were unschedulable
kubectl wait --for=condition=Ready=Unknown node/node02 --timeout=60s
kubectl drain node01 --ignore-daemonsets --delete-emptydir-data --timeout=20s || true
