# mistake: cordons node02 and stops there; its pods tolerate an unreachable node for an hour, so they stay stuck
# fails: evacuate/off-node02
# message: still exists
kubectl wait --for=condition=Ready=Unknown node/node02 --timeout=60s
echo node02 > ~/notready-node.txt
kubectl cordon node02
