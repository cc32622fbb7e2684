# mistake: leaves out the class; with no default IngressClass, no controller picks the Ingress up
# fails: routes/class
# message: expected nginx
kubectl create ingress demo \
  --rule="demo.example.com/app1*=app1:80" \
  --rule="demo.example.com/app2*=app2:80"
