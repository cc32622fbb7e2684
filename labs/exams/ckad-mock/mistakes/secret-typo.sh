# mistake: the Deployment refers to a Secret named payments-api, which does not exist; the new pods cannot start
# fails: secret-env/rolled-out
kubectl --context k8s -n payments create secret generic payment-api --from-literal=API_USER=shop --from-literal='API_KEY=Ckad#2024'
kubectl --context k8s -n payments patch deployment payment-gateway --type=json -p '[{"op":"add","path":"/spec/template/spec/containers/0/envFrom","value":[{"secretRef":{"name":"payments-api"}}]}]'
