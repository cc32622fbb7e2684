kubectl create configmap app-settings \
  --from-literal=APP_MODE=production \
  --from-literal=APP_COLOR=blue \
  --from-literal=MAX_CONNECTIONS=50
kubectl describe configmap app-settings

cd ~
echo "Welcome to the staging shop" > welcome.txt
kubectl create configmap app-messages --from-file=welcome.txt

cat > env-demo.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: env-demo
spec:
  containers:
    - name: app
      image: busybox:1.36
      command: ["sh", "-c", "env | sort; sleep 3600"]
      envFrom:
        - configMapRef:
            name: app-settings
      env:
        - name: WELCOME_MESSAGE
          valueFrom:
            configMapKeyRef:
              name: app-messages
              key: welcome.txt
YAML
kubectl apply -f env-demo.yaml
kubectl wait --for=condition=Ready pod/env-demo --timeout=60s
kubectl logs env-demo
kubectl exec env-demo -- printenv APP_MODE

kubectl patch configmap app-settings -p '{"data":{"APP_COLOR":"green"}}'
kubectl exec env-demo -- printenv APP_COLOR
kubectl replace --force -f env-demo.yaml
kubectl wait --for=condition=Ready pod/env-demo --timeout=60s
kubectl exec env-demo -- printenv APP_COLOR
