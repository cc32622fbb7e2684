# mistake: DB_PASSWORD names a key the Secret does not have (pass instead of password)
# fails: env/ready
# message: couldn't find key pass in Secret billing/db-credentials
kubectl -n billing create secret generic db-credentials --from-literal=username=billing_app --from-literal=password=Tr0ub4dor-3
cat <<'YAML' | kubectl apply -f -
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
              key: pass
YAML
