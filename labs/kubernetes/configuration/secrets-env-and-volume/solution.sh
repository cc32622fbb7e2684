kubectl -n billing create secret generic db-credentials \
  --from-literal=username=billing_app \
  --from-literal=password=Tr0ub4dor-3
kubectl -n billing get secret db-credentials -o jsonpath='{.data.password}' | base64 -d; echo

kubectl -n billing create secret docker-registry registry-cred \
  --docker-server=registry.example.com \
  --docker-username=deployer \
  --docker-password=Sh1p-It-Now

cat > ~/billing-api.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: billing-api
  namespace: billing
spec:
  containers:
    - name: api
      image: busybox:1.36
      command: ["sh", "-c", "sleep 3600"]
      env:
        - name: DB_USER
          valueFrom:
            secretKeyRef:
              name: db-credentials
              key: username
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef:
              name: db-credentials
              key: password
YAML
kubectl apply -f ~/billing-api.yaml
kubectl -n billing wait --for=condition=Ready pod/billing-api --timeout=60s
kubectl -n billing exec billing-api -- printenv DB_USER DB_PASSWORD

cat > ~/billing-worker.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: billing-worker
  namespace: billing
spec:
  imagePullSecrets:
    - name: registry-cred
  containers:
    - name: worker
      image: busybox:1.36
      command: ["sh", "-c", "sleep 3600"]
      volumeMounts:
        - name: credentials
          mountPath: /etc/credentials
          readOnly: true
  volumes:
    - name: credentials
      secret:
        secretName: db-credentials
        defaultMode: 0400
YAML
kubectl apply -f ~/billing-worker.yaml
kubectl -n billing wait --for=condition=Ready pod/billing-worker --timeout=60s
kubectl -n billing exec billing-worker -- cat /etc/credentials/password
