/**
 * The cosmos's few materials, kept cheap: a lit sphere with a fresnel rim (one extra line of
 * shader), billboard quads for halos and election arcs, round additive points for packets and a shimmering rift wall.
 * Callers own what these return and dispose it.
 */
import * as THREE from 'three'

/**
 * Worlds: standard lighting, a cheap procedural two-tone surface ("land" a little darker and
 * greener than "ocean", from a few sines of the object-space normal, so each world is turned by
 * its instance matrix) and a fresnel rim glow in the world's own colour, like an atmosphere.
 */
export function createWorldMaterial(): THREE.MeshStandardMaterial {
  const m = new THREE.MeshStandardMaterial({ roughness: 0.62, metalness: 0.0, color: '#ffffff' })
  m.onBeforeCompile = (shader) => {
    shader.vertexShader = shader.vertexShader
      .replace('#include <common>', '#include <common>\nvarying vec3 vSurface;')
      .replace('#include <begin_vertex>', '#include <begin_vertex>\nvSurface = normalize(position);')
    shader.fragmentShader = shader.fragmentShader
      .replace('#include <common>', '#include <common>\nvarying vec3 vSurface;')
      .replace(
        '#include <color_fragment>',
        `#include <color_fragment>
        {
          vec3 s = vSurface;
          float land = sin(s.x * 3.1 + 1.7) * sin(s.y * 3.7 + 0.4) * sin(s.z * 2.9 + 2.2)
                     + 0.45 * sin(s.x * 7.3 + s.z * 5.1 + 0.9) * sin(s.y * 6.2 - 1.3);
          float k = smoothstep(0.02, 0.12, land);
          diffuseColor.rgb = mix(diffuseColor.rgb, diffuseColor.rgb * vec3(0.62, 0.74, 0.56), k * 0.85);
        }`,
      )
      .replace(
        '#include <emissivemap_fragment>',
        `#include <emissivemap_fragment>
        {
          float rim = 1.0 - clamp(dot(normal, normalize(vViewPosition)), 0.0, 1.0);
          totalEmissiveRadiance += diffuseColor.rgb * (0.08 + 1.1 * pow(rim, 2.8));
        }`,
      )
  }
  m.customProgramCacheKey = () => 'cosmos-world-v2'
  return m
}

/**
 * An additive, transparent material for instanced unit quads turned to the camera (billboards): the
 * vertex shader keeps only each instance's position and (uniform) scale, so instance matrices need
 * rewriting only when those change. The fragment shader reads `vUv`; `varyings` declares what else
 * it reads and `setVaryings` sets it (from per-instance attributes).
 */
export const createBillboardMaterial = (uniforms: Record<string, THREE.IUniform>, fragmentShader: string, varyings = '', setVaryings = ''): THREE.ShaderMaterial =>
  new THREE.ShaderMaterial({
    uniforms,
    vertexShader: /* glsl */ `
      ${varyings}
      varying vec2 vUv;
      void main() {
        vUv = uv;
        ${setVaryings}
        vec4 mv = modelViewMatrix * instanceMatrix * vec4(0.0, 0.0, 0.0, 1.0);
        mv.xy += position.xy * length(instanceMatrix[0].xyz);
        gl_Position = projectionMatrix * mv;
      }`,
    fragmentShader,
    transparent: true,
    depthWrite: false,
    blending: THREE.AdditiveBlending,
  })

/**
 * A billboard glow: a soft disc with a bright ring (leader halo, the selection ring), or a ring of
 * `dashes` turning dashes (a world cut off by a partition). `uTime` pulses and turns it.
 */
export function createHaloMaterial(
  color: string,
  ring: { inner: number; outer: number; glow: number; pulse: number; dashes?: number },
): THREE.ShaderMaterial {
  return createBillboardMaterial(
    {
      uColor: { value: new THREE.Color(color) },
      uTime: { value: 0 },
      uInner: { value: ring.inner },
      uOuter: { value: ring.outer },
      uGlow: { value: ring.glow },
      uPulse: { value: ring.pulse },
      uDashes: { value: ring.dashes ?? 0 },
    },
    /* glsl */ `
      uniform vec3 uColor;
      uniform float uTime, uInner, uOuter, uGlow, uPulse, uDashes;
      varying vec2 vUv;
      void main() {
        vec2 p = vUv - 0.5;
        float d = length(p) * 2.0;
        float pulse = 1.0 + uPulse * sin(uTime * 3.0);
        float ring = smoothstep(uInner - 0.06, uInner, d) * (1.0 - smoothstep(uOuter, uOuter + 0.06, d));
        if (uDashes > 0.0) {
          float turn = atan(p.y, p.x) / 6.2831853 + uTime * 0.08;
          ring *= step(0.45, fract(turn * uDashes));
        }
        float glow = uGlow * exp(-4.0 * max(d - uInner, 0.0)) * (1.0 - smoothstep(0.85, 1.0, d));
        float a = (ring + glow) * pulse;
        if (a < 0.003) discard;
        gl_FragColor = vec4(uColor * a, a);
        #include <colorspace_fragment>
      }`,
  )
}

/**
 * Round, soft, additive points with per-vertex colour and alpha, sized in scene units
 * (uSize × uPxPerUnit / depth), for packets in flight.
 */
export function createPacketMaterial(): THREE.ShaderMaterial {
  return new THREE.ShaderMaterial({
    uniforms: { uSize: { value: 0.3 }, uPxPerUnit: { value: 600 } },
    vertexShader: /* glsl */ `
      uniform float uSize, uPxPerUnit;
      attribute vec3 color;
      attribute float alpha;
      attribute float scale;
      varying vec3 vColor;
      varying float vAlpha;
      void main() {
        vColor = color;
        vAlpha = alpha;
        vec4 mv = modelViewMatrix * vec4(position, 1.0);
        gl_PointSize = max(2.0, scale * uSize * uPxPerUnit * (0.45 + 0.55 * alpha) / max(-mv.z, 0.01));
        gl_Position = projectionMatrix * mv;
      }`,
    fragmentShader: /* glsl */ `
      varying vec3 vColor;
      varying float vAlpha;
      void main() {
        float d = length(gl_PointCoord - 0.5) * 2.0;
        float core = 1.0 - smoothstep(0.0, 0.45, d);
        float halo = (1.0 - smoothstep(0.3, 1.0, d)) * 0.55;
        float a = (core + halo) * vAlpha;
        if (a < 0.01) discard;
        gl_FragColor = vec4(mix(vColor, vec3(1.0), core * 0.45) * a, a);
        #include <colorspace_fragment>
      }`,
    transparent: true,
    depthWrite: false,
    blending: THREE.AdditiveBlending,
  })
}

/** A translucent red wall with soft edges and slow vertical shimmer: a partition's rift. */
export function createRiftWallMaterial(color: string): THREE.ShaderMaterial {
  return new THREE.ShaderMaterial({
    uniforms: { uColor: { value: new THREE.Color(color) }, uTime: { value: 0 } },
    vertexShader: /* glsl */ `
      varying vec2 vUv;
      void main() {
        vUv = uv;
        gl_Position = projectionMatrix * modelViewMatrix * instanceMatrix * vec4(position, 1.0);
      }`,
    fragmentShader: /* glsl */ `
      uniform vec3 uColor;
      uniform float uTime;
      varying vec2 vUv;
      void main() {
        float d = length(vUv - 0.5) * 2.0;
        float edge = 1.0 - smoothstep(0.55, 1.0, d);
        float streaks = 0.55 + 0.45 * sin(vUv.x * 42.0 + sin(vUv.y * 9.0 + uTime * 1.3) * 2.0);
        float crack = exp(-abs(vUv.x - 0.5 + 0.04 * sin(vUv.y * 23.0 + uTime)) * 60.0);
        float a = edge * (0.13 + 0.12 * streaks) + crack * edge * 0.6;
        if (a < 0.004) discard;
        gl_FragColor = vec4(uColor * a, a);
        #include <colorspace_fragment>
      }`,
    transparent: true,
    depthWrite: false,
    side: THREE.DoubleSide,
    blending: THREE.AdditiveBlending,
  })
}
