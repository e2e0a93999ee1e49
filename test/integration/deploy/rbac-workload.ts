// The objects of the RBAC test's workload: one canary that uses every kind of write the controller
// makes (Istio with a DestinationRule, job and web analysis with a Secret-backed argument, ephemeral
// pod metadata, revision and analysis history limits), one blue-green rollout taking over a Deployment
// through workloadRef, and one canary behind NGINX, SMI and the Gateway API at once.

/** The Secret, the two AnalysisTemplates and the Istio objects, as one YAML stream. */
export function workloadFixtures(webUrl: string): string {
  return `apiVersion: v1
kind: Secret
metadata: {name: rbac-token}
stringData: {token: s3cret}
---
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: rbac-checks}
spec:
  args:
    - name: token
      valueFrom: {secretKeyRef: {name: rbac-token, key: token}}
  metrics:
    - name: smoke
      provider:
        job:
          spec:
            backoffLimit: 0
            template:
              spec:
                restartPolicy: Never
                containers: [{name: smoke, image: busybox, command: [sh, -c, "true"]}]
    - name: score
      successCondition: result >= 0.9
      provider:
        web:
          url: "${webUrl}/score"
          headers: [{key: Authorization, value: "Bearer {{args.token}}"}]
          jsonPath: "{$.score}"
---
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: rbac-slow}
spec:
  metrics:
    - name: long-job
      provider:
        job:
          spec:
            backoffLimit: 0
            template:
              metadata: {annotations: {rollouts-sim.dev/job-seconds: "600"}}
              spec:
                restartPolicy: Never
                containers: [{name: slow, image: busybox, command: [sleep, "600"]}]
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: rbac-vs}
spec:
  hosts: [rbac]
  http:
    - name: primary
      route:
        - destination: {host: rbac, subset: stable}
          weight: 100
        - destination: {host: rbac, subset: canary}
          weight: 0
---
apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata: {name: rbac-dr}
spec:
  host: rbac
  subsets: [{name: stable}, {name: canary}]
---
apiVersion: v1
kind: Service
metadata: {name: rbac}
spec: {selector: {app: rbac}, ports: [{port: 80}]}
`;
}

/**
 * The canary: 20% → job + web analysis → pause → 60% → a 600 s job analysis (aborted there) → pause 1 s.
 * One old ReplicaSet and one successful AnalysisRun are kept, so a third revision deletes both kinds.
 */
export function canaryRollout(image: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: rbac}
spec:
  replicas: 3
  revisionHistoryLimit: 1
  analysis: {successfulRunHistoryLimit: 1}
  selector: {matchLabels: {app: rbac}}
  template:
    metadata: {labels: {app: rbac}}
    spec: {containers: [{name: app, image: "${image}"}]}
  strategy:
    canary:
      scaleDownDelaySeconds: 1
      abortScaleDownDelaySeconds: 1
      canaryMetadata: {labels: {role: canary}}
      stableMetadata: {labels: {role: stable}}
      trafficRouting:
        istio:
          virtualService: {name: rbac-vs, routes: [primary]}
          destinationRule: {name: rbac-dr, canarySubsetName: canary, stableSubsetName: stable}
      steps:
        - setWeight: 20
        - analysis: {templates: [{templateName: rbac-checks}]}
        - pause: {}
        - setWeight: 60
        - analysis: {templates: [{templateName: rbac-slow}]}
        - pause: {duration: 1s}
`;
}

/** A Deployment and a blue-green Rollout that takes it over (scaled down once the rollout is healthy). */
export function blueGreenOverDeployment(): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: legacy}
spec:
  replicas: 2
  selector: {matchLabels: {app: legacy}}
  template:
    metadata: {labels: {app: legacy}}
    spec: {containers: [{name: app, image: "legacy:1"}]}
---
apiVersion: v1
kind: Service
metadata: {name: legacy-active}
spec: {selector: {app: legacy}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: legacy-preview}
spec: {selector: {app: legacy}, ports: [{port: 80}]}
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: legacy}
spec:
  replicas: 2
  selector: {matchLabels: {app: legacy}}
  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: legacy, scaleDown: onsuccess}
  strategy:
    blueGreen: {activeService: legacy-active, previewService: legacy-preview, autoPromotionEnabled: true}
`;
}

/** The objects the three other routers write to: a stable Ingress, an HTTPRoute, the services. */
export function edgeFixtures(): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: edge, annotations: {kubernetes.io/ingress.class: nginx}}
spec:
  rules:
    - host: edge.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: edge-stable, port: {number: 80}}}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: edge-route}
spec:
  parentRefs: [{name: gateway}]
  rules:
    - backendRefs: [{name: edge-stable, port: 80, weight: 100}, {name: edge-canary, port: 80, weight: 0}]
${['stable', 'canary', 'root'].map((role) => `---
apiVersion: v1
kind: Service
metadata: {name: edge-${role}}
spec: {selector: {app: edge}, ports: [{port: 80}]}
`).join('')}`;
}

/** A canary routed by NGINX (a canary Ingress), SMI (a TrafficSplit) and the Gateway API plugin together. */
export function edgeRollout(image: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: edge}
spec:
  replicas: 2
  selector: {matchLabels: {app: edge}}
  template:
    metadata: {labels: {app: edge}}
    spec: {containers: [{name: app, image: "${image}"}]}
  strategy:
    canary:
      canaryService: edge-canary
      stableService: edge-stable
      scaleDownDelaySeconds: 1
      trafficRouting:
        nginx: {stableIngress: edge}
        smi: {trafficSplitName: edge-split, rootService: edge-root}
        plugins:
          argoproj-labs/gatewayAPI: {httpRoute: edge-route, namespace: default}
      steps:
        - setWeight: 50
        - pause: {}
`;
}
