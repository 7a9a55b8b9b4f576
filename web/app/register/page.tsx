import type { Metadata } from 'next';
import { AuthForm } from '../../components/auth-form';

export const metadata: Metadata = { title: 'Register' };

export default function RegisterPage() {
  return (
    <>
      <h1>Create an account</h1>
      <AuthForm mode="register" />
    </>
  );
}
