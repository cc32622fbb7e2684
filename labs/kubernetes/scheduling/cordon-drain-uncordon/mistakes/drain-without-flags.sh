# mistake: drains without --ignore-daemonsets and --delete-emptydir-data; kubectl cordons the node, then refuses to evict anything
# fails: drain/off-node01
# message: .spec.nodeName not node01
kubectl drain node01 || true
