# mistake: deletes the node affinity altogether, so billing will not return to its pool once node02 is back
# fails: broken-node/preference
kubectl --context k8s-c2 -n billing patch deployment billing --type=json -p '[{"op":"remove","path":"/spec/template/spec/affinity"}]'
