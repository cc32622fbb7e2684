kubectl wait --for=condition=Ready=Unknown node/node02 --timeout=60s
kubectl get nodes
kubectl get deployment web
kubectl describe node node02 | grep -A4 Conditions
echo node02 > ~/notready-node.txt

kubectl cordon node02
kubectl get pods -l app=web -o wide

kubectl delete pods -l app=web --field-selector spec.nodeName=node02 --force --grace-period=0
kubectl rollout status deployment/web --timeout=60s
kubectl get pods -l app=web -o wide
