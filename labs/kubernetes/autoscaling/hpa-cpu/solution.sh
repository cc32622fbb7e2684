kubectl create deployment php-apache --image=registry.k8s.io/hpa-example --port=80
kubectl set resources deployment php-apache --requests=cpu=200m --limits=cpu=500m
kubectl rollout status deployment/php-apache --timeout=60s
kubectl expose deployment php-apache --port=80
kubectl get endpoints php-apache

kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=5
kubectl get hpa php-apache

kubectl run load-generator --image=busybox:1.36 --restart=Never -- /bin/sh -c "while sleep 0.01; do wget -q -O- http://php-apache; done"
kubectl wait --for=condition=Ready pod/load-generator --timeout=60s
# what `kubectl get hpa php-apache --watch` shows by hand: wait until the HPA has added replicas
for i in $(seq 45); do
  [ "$(kubectl get hpa php-apache -o jsonpath='{.status.currentReplicas}')" -ge 2 ] && break
  sleep 2
done
kubectl top pods
kubectl get hpa php-apache
