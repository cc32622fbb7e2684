cd ~
mkdir -p site
cat > site/index.html <<'HTML'
<h1>Served from a ConfigMap</h1>
HTML
cat > site/about.html <<'HTML'
<h1>About this site</h1>
HTML
kubectl create configmap site-content --from-file=site/
kubectl get configmap site-content -o yaml

cat > web.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
    - name: nginx
      image: nginx:1.27
      ports:
        - containerPort: 80
      volumeMounts:
        - name: html
          mountPath: /usr/share/nginx/html
  volumes:
    - name: html
      configMap:
        name: site-content
        items:
          - key: index.html
            path: index.html
          - key: about.html
            path: about/index.html
YAML
kubectl apply -f web.yaml
kubectl wait --for=condition=Ready pod/web --timeout=60s
kubectl exec web -- cat /usr/share/nginx/html/index.html
kubectl exec web -- cat /usr/share/nginx/html/about/index.html

echo '<p>Version 2</p>' >> site/index.html
kubectl create configmap site-content --from-file=site/ --dry-run=client -o yaml | kubectl apply -f -
kubectl exec web -- cat /usr/share/nginx/html/index.html
