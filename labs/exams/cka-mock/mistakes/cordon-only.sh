# mistake: finds and cordons the NotReady node but leaves billing bound to the pool of that node
# fails: broken-node/rolled-out
kubectl --context k8s-c2 wait --for=condition=Ready=Unknown node/node02 --timeout=60s
mkdir -p ~/exam && echo node02 > ~/exam/notready-node.txt
kubectl --context k8s-c2 cordon node02
