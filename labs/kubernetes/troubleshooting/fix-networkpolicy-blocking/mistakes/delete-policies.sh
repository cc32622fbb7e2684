# mistake: deletes every NetworkPolicy of the namespace; the frontend gets through, and so does everyone else
# fails: stay-locked/reports-blocked
# message: connects; expected it to be blocked
kubectl delete networkpolicy --all -n shop
